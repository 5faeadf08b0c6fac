import { DomainError } from "./errors.js";
import type { Role } from "./roles.js";
import type { User, UserPatch } from "./user.js";

/*
 * Rules of a tenant's users that the data layer applies (user.ts has the
 * schemas): apart from them so that it builds no schema when a Lambda starts.
 */

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
