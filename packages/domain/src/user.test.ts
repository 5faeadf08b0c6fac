import { describe, expect, it } from "vitest";
import { fieldProblemsOf } from "./field-problems.js";
import { PasswordSchema } from "./password.js";
import type { Role } from "./roles.js";
import { activeAdminDelta, userStatus } from "./user-rules.js";

describe("the count of active admins", () => {
  it.each<[string, { role: Role; active: boolean }, { role?: Role; active?: boolean }, number]>([
    ["demoting an admin", { role: "admin", active: true }, { role: "rep" }, -1],
    ["deactivating an admin", { role: "admin", active: true }, { active: false }, -1],
    ["promoting a rep", { role: "rep", active: true }, { role: "admin" }, 1],
    ["reactivating an admin", { role: "admin", active: false }, { active: true }, 1],
    ["promoting a deactivated rep", { role: "rep", active: false }, { role: "admin" }, 0],
    ["changing a manager to a rep", { role: "manager", active: true }, { role: "rep" }, 0],
    ["re-saving an admin as admin", { role: "admin", active: true }, { role: "admin", active: true }, 0],
  ])("moves by the right amount when %s", (_what, before, patch, delta) => {
    expect(activeAdminDelta(before, patch)).toBe(delta);
  });
});

describe("user status", () => {
  it("is invited until a password is set, and deactivated whatever else when inactive", () => {
    expect(userStatus({ active: true, passwordSet: false })).toBe("invited");
    expect(userStatus({ active: true, passwordSet: true })).toBe("active");
    expect(userStatus({ active: false, passwordSet: true })).toBe("deactivated");
    expect(userStatus({ active: false, passwordSet: false })).toBe("deactivated");
  });
});

describe("the password policy", () => {
  it("says every rule a password breaks", () => {
    const result = PasswordSchema.safeParse("abc");
    expect(result.success).toBe(false);
    expect(result.error && fieldProblemsOf(result.error).map((problem) => problem.code)).toEqual([
      "too-short",
      "password-needs-uppercase",
      "password-needs-digit",
    ]);
    expect(PasswordSchema.safeParse("Correct-Horse-42").success).toBe(true);
  });
});
