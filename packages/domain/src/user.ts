import { z } from "zod";
import { LOCALES, USER_STATUSES } from "./constants.js";
import { EmailSchema } from "./email.js";
import { DomainError } from "./errors.js";
import { nameSchema } from "./names.js";
import { PasswordSchema } from "./password.js";
import { fieldIssue } from "./problems.js";
import { type Role, RoleSchema } from "./roles.js";

/** invited: the account exists but its person has not set a password yet. */
export const UserStatusSchema = z.enum(USER_STATUSES);

export const UserSchema = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string(),
  role: RoleSchema,
  active: z.boolean(),
  status: UserStatusSchema,
  /** The language the CRM writes to the person in (emails); unset: the tenant's. */
  locale: z.enum(LOCALES).optional(),
  createdAt: z.string(),
  updatedAt: z.string(),
  version: z.number().int(),
});
export type User = z.infer<typeof UserSchema>;

export const InviteUserInputSchema = z
  .object({
    email: EmailSchema,
    name: nameSchema(120, "Enter the person's name."),
    role: RoleSchema,
    /** The language of the invitation email and of later emails to the person; unset: the tenant's. */
    locale: z.enum(LOCALES).optional(),
  })
  .strict();
export type InviteUserInput = z.infer<typeof InviteUserInputSchema>;

export const UserPatchSchema = z
  .object({ role: RoleSchema.optional(), active: z.boolean().optional() })
  .strict()
  .refine((patch) => patch.role !== undefined || patch.active !== undefined, fieldIssue("nothing-to-change"));
export type UserPatch = z.infer<typeof UserPatchSchema>;

export const AcceptInvitationInputSchema = z
  .object({ token: z.string().min(20).max(200), password: PasswordSchema })
  .strict();

/** Whether a user counts towards the "at least one active admin" rule. */
export const isActiveAdmin = (user: { role: Role; active: boolean }) => user.role === "admin" && user.active;

/**
 * How a change moves the tenant's count of active admins: -1, 0 or +1.
 * The data layer applies it atomically with the change, refusing to go below one.
 */
export function activeAdminDelta(before: { role: Role; active: boolean }, patch: UserPatch): number {
  const after = { role: patch.role ?? before.role, active: patch.active ?? before.active };
  return Number(isActiveAdmin(after)) - Number(isActiveAdmin(before));
}

export const lastAdminError = () => new DomainError("last-admin");

/** What the user record says the person is, as shown to clients. */
export function userStatus(user: { active: boolean; passwordSet: boolean }): User["status"] {
  if (!user.active) return "deactivated";
  return user.passwordSet ? "active" : "invited";
}

/** How many people a tenant has: active users by role, and those invited or deactivated. */
export type SeatCounts = { active: Record<Role, number>; invited: number; deactivated: number };

export function countSeats(users: ReadonlyArray<Pick<User, "role" | "status">>): SeatCounts {
  const counts: SeatCounts = { active: { admin: 0, manager: 0, rep: 0 }, invited: 0, deactivated: 0 };
  for (const user of users) {
    if (user.status === "active") counts.active[user.role] += 1;
    else counts[user.status] += 1;
  }
  return counts;
}
