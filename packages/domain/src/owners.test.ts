import { describe, expect, it } from "vitest";
import { directoryOf, inNameOrder, ownerChangeRefusal, ReassignRequestSchema } from "./owners.js";

describe("who may change a customer's owner", () => {
  const rep = { userId: "rep-1", role: "rep" as const };

  it("lets admins and managers reassign anyone's customer, whatever the setting", () => {
    for (const role of ["admin", "manager"] as const) {
      expect(
        ownerChangeRefusal({ userId: "boss", role }, { from: "rep-2", to: "rep-3" }, false),
      ).toBeUndefined();
    }
  });

  it("refuses a rep every hand-over while the tenant does not allow them", () => {
    expect(ownerChangeRefusal(rep, { from: "rep-1", to: "rep-2" }, false)).toBe("reps-may-not-hand-over");
  });

  it("lets a rep hand their own customer over once allowed, but never move or take someone else's", () => {
    expect(ownerChangeRefusal(rep, { from: "rep-1", to: "rep-2" }, true)).toBeUndefined();
    expect(ownerChangeRefusal(rep, { from: "rep-2", to: "rep-3" }, true)).toBe(
      "reps-hand-over-own-customers",
    );
    expect(ownerChangeRefusal(rep, { from: "rep-2", to: "rep-1" }, true)).toBe(
      "reps-hand-over-own-customers",
    );
  });

  it("refuses nothing that changes nothing", () => {
    expect(ownerChangeRefusal(rep, { from: "rep-2", to: "rep-2" }, false)).toBeUndefined();
  });
});

describe("the directory", () => {
  it("holds id, name and whether active, by name, and nothing else of a user", () => {
    const entries = directoryOf([
      { id: "2", name: "王芳", active: true, email: "w@x.test", role: "admin" } as never,
      { id: "1", name: "李娜", active: false, email: "l@x.test", role: "rep" } as never,
    ]);
    expect(entries).toEqual([
      { id: "1", name: "李娜", active: false },
      { id: "2", name: "王芳", active: true },
    ]);
  });
});

describe("people in name order", () => {
  it("puts Chinese names among Latin ones by pinyin, as the team list and customer lists do", () => {
    const people = ["赵小新", "Bob", "陈静", "Ann", "Zoe"].map((name, index) => ({
      id: String(index),
      name,
    }));
    expect(inNameOrder(people, (person) => person.id).map((person) => person.name)).toEqual([
      "Ann",
      "Bob",
      "陈静",
      "赵小新",
      "Zoe",
    ]);
    expect(
      directoryOf(people.map((person) => ({ ...person, active: true }))).map((entry) => entry.name),
    ).toEqual(["Ann", "Bob", "陈静", "赵小新", "Zoe"]);
  });
});

describe("a reassignment request", () => {
  const customers = (count: number) => Array.from({ length: count }, (_, i) => ({ id: `c${i}`, version: 1 }));

  it("takes 1 to 100 distinct customers, each with its version", () => {
    expect(ReassignRequestSchema.safeParse({ ownerId: "u", customers: customers(100) }).success).toBe(true);
    expect(ReassignRequestSchema.safeParse({ ownerId: "u", customers: customers(101) }).success).toBe(false);
    expect(ReassignRequestSchema.safeParse({ ownerId: "u", customers: [] }).success).toBe(false);
  });

  it("lists every problem: a repeated id, a missing version, an unknown key", () => {
    const result = ReassignRequestSchema.safeParse({
      ownerId: "",
      customers: [{ id: "a", version: 1 }, { id: "a", version: 2 }, { id: "b" }],
      extra: true,
    });
    expect(result.success).toBe(false);
    const paths = result.error?.issues.map((issue) =>
      [...issue.path, ...("keys" in issue ? issue.keys : [])].join("."),
    );
    expect(paths).toEqual(expect.arrayContaining(["ownerId", "customers.2.version", "extra"]));
    // The repeat is checked once every entry is well formed: zod refines only a valid array.
    const repeated = ReassignRequestSchema.safeParse({
      ownerId: "u",
      customers: [
        { id: "a", version: 1 },
        { id: "a", version: 2 },
      ],
    });
    expect(
      repeated.error?.issues.map((issue) => [issue.path.join("."), (issue as { params?: object }).params]),
    ).toEqual([["customers.1.id", { code: "not-unique" }]]);
  });
});
