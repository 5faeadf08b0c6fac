/**
 * Failures the domain and the data layer report in the CRM's own words.
 * The API maps each kind to one HTTP status; nothing else reaches a client.
 */
export type FieldProblem = { path: string; message: string };

export class DomainError extends Error {
  constructor(
    readonly kind:
      | "validation"
      | "unauthenticated"
      | "forbidden"
      | "not-found"
      | "gone"
      | "conflict"
      | "precondition-failed"
      | "precondition-required"
      | "unprocessable"
      | "too-many-requests"
      | "unavailable",
    message: string,
    readonly details: { errors?: FieldProblem[]; [key: string]: unknown } = {},
  ) {
    super(message);
    this.name = "DomainError";
  }
}

export const notFound = (what: string) => new DomainError("not-found", `${what} was not found.`);
export const conflict = (message: string, details: Record<string, unknown> = {}) =>
  new DomainError("conflict", message, details);
export const forbidden = (message = "Your role does not allow this.") =>
  new DomainError("forbidden", message);
export const unauthenticated = (message = "Sign in again.") => new DomainError("unauthenticated", message);
export const invalid = (errors: FieldProblem[], message = "The request has invalid fields.") =>
  new DomainError("validation", message, { errors });
export const staleVersion = (currentVersion: number) =>
  new DomainError(
    "precondition-failed",
    "This record was changed by someone else since you loaded it. Reload it and apply your change again.",
    { currentVersion },
  );
/** A customer merged into another answers with the survivor's id, so clients can follow it. */
export const mergedAway = (mergedInto: string) =>
  new DomainError("gone", "This customer was merged into another.", { mergedInto });

/**
 * The tenant is being moved to another table (an operator's action): reads
 * work, writes wait until the move has switched tables, a few minutes.
 */
export const tenantReadOnly = (retryAfterSeconds = 30) =>
  new DomainError(
    "unavailable",
    "Your company's data is being moved to new storage. You can read it, but changes are paused for a few minutes. Retry shortly.",
    { retryAfterSeconds },
  );
