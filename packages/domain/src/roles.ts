import { z } from "zod";
import { ROLES } from "./constants.js";

/** Who a user is in their tenant. ROLES' order is the order of the role picker. */
export const RoleSchema = z.enum(ROLES);
export type Role = z.infer<typeof RoleSchema>;

/** Admins configure the tenant and manage its users. */
export const canManageUsers = (role: Role): boolean => role === "admin";
export const canEditSettings = (role: Role): boolean => role === "admin";
