import { describe, expect, it } from "vitest";
import { z } from "zod";
import { fieldProblemsOf } from "./field-problems.js";
import { fieldIssue } from "./problems.js";

const schema = z
  .object({
    name: z.string().trim().min(1).max(5),
    budget: z.number({ error: "Enter a number." }),
    emails: z.array(z.email()).max(1),
    stage: z.enum(["new", "active"]),
    phone: z.string().refine((phone) => phone.startsWith("+"), fieldIssue("phone-invalid")),
  })
  .strict();

const codes = (input: unknown) => {
  const result = schema.safeParse(input);
  if (result.success) return [];
  return fieldProblemsOf(result.error, { input }).map(({ path, code, params }) => ({ path, code, params }));
};

describe("field problems", () => {
  it("tells a missing value from one of the wrong type", () => {
    expect(codes({ name: "Ann", emails: [], stage: "new", phone: "+1" })).toEqual([
      { path: "budget", code: "required", params: undefined },
    ]);
    expect(codes({ name: "Ann", budget: "lots", emails: [], stage: "new", phone: "+1" })).toEqual([
      { path: "budget", code: "wrong-type", params: { expected: "number" } },
    ]);
  });

  it("gives each kind of problem its code and the params a client words it with", () => {
    expect(
      codes({ name: "Annabel", budget: 1, emails: ["x"], stage: "old", phone: "1", colour: "red" }),
    ).toEqual([
      { path: "name", code: "too-long", params: { maximum: 5 } },
      { path: "emails.0", code: "not-email", params: undefined },
      { path: "stage", code: "not-an-option", params: undefined },
      { path: "phone", code: "phone-invalid", params: undefined },
      { path: "colour", code: "not-accepted", params: undefined },
    ]);
  });

  it("counts entries of a list against its maximum", () => {
    expect(
      codes({ name: "Ann", budget: 1, emails: ["a@b.cn", "c@d.cn"], stage: "new", phone: "+1" }),
    ).toEqual([{ path: "emails", code: "too-many", params: { maximum: 1 } }]);
  });

  it("reads an empty required text as required, not as too short", () => {
    expect(codes({ name: "  ", budget: 1, emails: [], stage: "new", phone: "+1" })).toEqual([
      { path: "name", code: "required", params: undefined },
    ]);
  });
});
