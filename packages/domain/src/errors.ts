import {
  type FieldProblemCode,
  fieldMessage,
  PROBLEMS,
  type ProblemCode,
  type ProblemKind,
} from "./problems.js";

/**
 * One field's problem: where (`path`), what (`code`, translated by clients,
 * with its `params`), and the English `message` for developers.
 */
export type FieldProblem = {
  path: string;
  code: FieldProblemCode;
  message: string;
  params?: Record<string, string | number>;
};

export const fieldProblem = (
  path: string,
  code: FieldProblemCode,
  params: Record<string, string | number> = {},
): FieldProblem => ({
  path,
  code,
  message: fieldMessage(code, params),
  ...(Object.keys(params).length > 0 && { params }),
});

/**
 * Failures the domain and the data layer report by a stable code
 * (packages/domain/src/problems.ts). The API maps each code's kind to one
 * HTTP status; nothing else reaches a client.
 */
export class DomainError extends Error {
  readonly kind: ProblemKind;
  constructor(
    readonly code: ProblemCode,
    readonly details: { errors?: FieldProblem[]; [key: string]: unknown } = {},
    detail: string = PROBLEMS[code].detail,
  ) {
    super(detail);
    this.name = "DomainError";
    this.kind = PROBLEMS[code].kind;
  }
}

/** The one way to raise a problem: its code, and what the client needs to act on it. */
export const fail = (code: ProblemCode, details: Record<string, unknown> = {}) =>
  new DomainError(code, details);

export const invalid = (errors: FieldProblem[]) => new DomainError("invalid-fields", { errors });
export const staleVersion = (currentVersion: number) => new DomainError("version-stale", { currentVersion });
/** A customer merged into another answers with the survivor's id, so clients can follow it. */
export const mergedAway = (mergedInto: string) => new DomainError("customer-merged", { mergedInto });
/**
 * The tenant is being moved to another table (an operator's action): reads
 * work, writes wait until the move has switched tables, a few minutes.
 */
export const tenantReadOnly = (retryAfterSeconds = 30) =>
  new DomainError("tenant-read-only", { retryAfterSeconds });
