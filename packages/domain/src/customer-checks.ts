import { type FieldProblem, fieldProblem } from "./errors.js";

/*
 * Checks on a customer that the data layer applies as well as the schemas
 * (customer.ts): apart from them so that it builds no schema when a Lambda starts.
 */

/**
 * Birthdays belong to people, industry and size to companies. Checked on new
 * customers and again on the result of every edit (a patch may change the kind).
 */
export function kindProblems(value: { kind?: string; birthday?: string; industry?: string; size?: string }) {
  const problems: FieldProblem[] = [];
  if (value.kind === "company" && value.birthday) problems.push(fieldProblem("birthday", "not-accepted"));
  if (value.kind === "person") {
    for (const field of ["industry", "size"] as const) {
      if (value[field]) problems.push(fieldProblem(field, "companies-only"));
    }
  }
  return problems;
}

/** The tenant setting decides whether a rep sees customers they do not own. */
export function canSeeCustomer(
  viewer: { userId: string; role: string },
  customer: { ownerId: string },
  repVisibility: "all" | "own",
): boolean {
  return viewer.role !== "rep" || repVisibility === "all" || customer.ownerId === viewer.userId;
}
