import { describe, expect, it } from "vitest";
import { customerPatchSchema, newCustomerSchema } from "./customer.js";
import { canSeeCustomer } from "./customer-checks.js";
import { normalizePhone } from "./phone.js";
import { searchForm } from "./search-name.js";

describe("a new customer", () => {
  const cn = newCustomerSchema("CN");

  it("normalises phones to E.164 with the tenant's region and drops repeats", () => {
    const customer = cn.parse({
      kind: "person",
      name: "张伟",
      phones: ["138 1234 5678", "+86 13812345678", "+1 415-555-0100"],
    });
    expect(customer.phones).toEqual(["+8613812345678", "+14155550100"]);
    expect(customer).toMatchObject({ type: "consumer", lifecycleStage: "prospect", emails: [], tags: [] });
  });

  it("lists every bad field, each phone at its own index", () => {
    const result = cn.safeParse({
      kind: "company",
      name: "",
      phones: ["13812345678", "123"],
      birthday: "2000-01-01",
      emails: ["x"],
    });
    expect(result.success).toBe(false);
    const paths = result.error?.issues.map((issue) => issue.path.join("."));
    expect(paths).toEqual(expect.arrayContaining(["name", "emails.0"]));
    // Refinements run once the shape is right; the transform's phone check too.
    const second = cn.safeParse({
      kind: "company",
      name: "Acme",
      phones: ["13812345678", "123"],
      birthday: "2000-01-01",
    });
    expect(second.error?.issues.map((issue) => issue.path.join("."))).toEqual(["birthday", "phones.1"]);
  });

  it("keeps people and companies apart: no birthday for companies, no industry for people", () => {
    expect(cn.safeParse({ kind: "person", name: "A", industry: "Retail" }).success).toBe(false);
    expect(cn.safeParse({ kind: "company", name: "A", industry: "Retail", size: "11-50" }).success).toBe(
      true,
    );
  });

  it("refuses unknown fields", () => {
    expect(cn.safeParse({ kind: "person", name: "A", favouriteColour: "red" }).success).toBe(false);
  });
});

describe("a customer patch", () => {
  it("needs a change and normalises what it changes", () => {
    const patch = customerPatchSchema("US");
    expect(patch.safeParse({}).success).toBe(false);
    expect(patch.parse({ phones: ["(415) 555-0100"] })).toEqual({ phones: ["+14155550100"] });
    expect(patch.parse({ name: "New name" })).toEqual({ name: "New name" });
  });
});

describe("phones and names", () => {
  it("reads a national number with the default region and refuses nonsense", () => {
    expect(normalizePhone("020 7946 0018", "GB")).toBe("+442079460018");
    expect(normalizePhone("not a phone", "CN")).toBeUndefined();
  });

  it("compares names without regard to case or full/half width", () => {
    expect(searchForm("  ＡＢＣ  Trading ")).toBe("abc trading");
    expect(searchForm("Ｚhang　Wei")).toBe("zhang wei");
  });
});

describe("who sees a customer", () => {
  const owned = { ownerId: "u1" };
  it("lets reps see only their own when the tenant says so; managers always", () => {
    expect(canSeeCustomer({ userId: "u2", role: "rep" }, owned, "own")).toBe(false);
    expect(canSeeCustomer({ userId: "u1", role: "rep" }, owned, "own")).toBe(true);
    expect(canSeeCustomer({ userId: "u2", role: "rep" }, owned, "all")).toBe(true);
    expect(canSeeCustomer({ userId: "u2", role: "manager" }, owned, "own")).toBe(true);
  });
});
