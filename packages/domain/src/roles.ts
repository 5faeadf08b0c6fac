import { z } from "zod";

/** Who a user is in their tenant. Order matters: it is the order of the role picker. */
export const ROLES = ["admin", "manager", "rep"] as const;
export const RoleSchema = z.enum(ROLES);
export type Role = z.infer<typeof RoleSchema>;

/** Admins configure the tenant and manage its users. */
export const canManageUsers = (role: Role): boolean => role === "admin";
export const canEditSettings = (role: Role): boolean => role === "admin";
