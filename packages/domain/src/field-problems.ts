import type { ZodError, z } from "zod";
import { type FieldProblem, fieldProblem } from "./errors.js";
import { FIELD_PROBLEMS, type FieldProblemCode } from "./problems.js";

type Issue = ZodError["issues"][number];
type Params = Record<string, string | number>;

const isFieldCode = (code: unknown): code is FieldProblemCode =>
  typeof code === "string" && Object.hasOwn(FIELD_PROBLEMS, code);

/** The value at a path of the input: zod 4 leaves the input off its issues. */
function valueAt(input: unknown, path: PropertyKey[]): unknown {
  let value = input;
  for (const key of path) {
    // Own properties only: a missing "constructor" is missing, not the one every object inherits.
    if (value === null || typeof value !== "object" || !Object.hasOwn(value, key)) return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

/** A zod issue's stable code and params: what a client translates. */
function codeOf(issue: Issue, input: unknown): [FieldProblemCode, Params] {
  switch (issue.code) {
    case "invalid_type":
      if ((issue.input ?? valueAt(input, issue.path)) === undefined) return ["required", {}];
      if (issue.expected === "int") return ["not-integer", {}];
      return ["wrong-type", { expected: issue.expected }];
    case "too_small": {
      const minimum = Number(issue.minimum);
      if (issue.origin === "string") return minimum <= 1 ? ["required", {}] : ["too-short", { minimum }];
      if (issue.origin === "array" || issue.origin === "set")
        return minimum <= 1 ? ["required", {}] : ["too-few", { minimum }];
      return ["too-small", { minimum }];
    }
    case "too_big": {
      const maximum = Number(issue.maximum);
      if (issue.origin === "string") return ["too-long", { maximum }];
      if (issue.origin === "array" || issue.origin === "set") return ["too-many", { maximum }];
      return ["too-big", { maximum }];
    }
    case "invalid_format":
      if (issue.format === "email") return ["not-email", {}];
      if (issue.format === "date") return ["not-date", {}];
      if (issue.format === "datetime") return ["not-datetime", {}];
      return ["bad-format", {}];
    case "invalid_value":
      return ["not-an-option", {}];
    case "custom": {
      const { code, ...params } = (issue.params ?? {}) as { code?: unknown } & Params;
      return isFieldCode(code) ? [code, params] : ["invalid", {}];
    }
    default:
      return ["invalid", {}];
  }
}

const pathOf = (path: PropertyKey[]) => (path.length > 0 ? path.map(String).join(".") : "(body)");

/**
 * Each zod issue becomes one field problem: the client puts it beside its
 * field, in the reader's language, from its code. The English message is
 * the schema's own where it wrote one. Pass the input that was parsed, so
 * that a value of the wrong type is told from a missing one.
 */
export function fieldProblemsOf(
  error: ZodError,
  { input, prefix = [] }: { input?: unknown; prefix?: PropertyKey[] } = {},
): FieldProblem[] {
  return error.issues.flatMap((issue) => {
    if (issue.code === "unrecognized_keys")
      return issue.keys.map((key) => fieldProblem(pathOf([...prefix, ...issue.path, key]), "not-accepted"));
    const [code, params] = codeOf(issue, input);
    const problem = fieldProblem(pathOf([...prefix, ...issue.path]), code, params);
    return [{ ...problem, message: issue.message || problem.message }];
  });
}

/**
 * Adds problems found by a rule shared with the data layer (kindProblems,
 * optionProblems) to a zod refinement, each at its path with its code.
 */
export function addFieldProblems(ctx: z.RefinementCtx, problems: FieldProblem[]): void {
  for (const problem of problems)
    ctx.addIssue({
      code: "custom",
      path: [problem.path],
      message: problem.message,
      params: { code: problem.code },
    });
}
