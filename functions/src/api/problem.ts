import {
  DomainError,
  FIELD_PROBLEMS,
  type FieldProblem,
  type FieldProblemCode,
  fieldProblemsOf,
  PROBLEM_CODES,
  PROBLEMS,
  type ProblemCode,
  type ProblemKind,
} from "@crm/domain";
import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { type ZodError, z } from "zod";
import { type RequestLog, rootLogger } from "../observability.js";
import { isServiceUnreachable, UNREACHABLE_RETRY_AFTER_SECONDS } from "../unreachable.js";

/**
 * RFC 9457 problem details: the one error format of the whole API. Built for
 * the routes' OpenAPI declarations (problemResponses), when their group loads,
 * not at a cold start.
 */
const problemSchema = () =>
  z
    .object({
      type: z.string(),
      title: z.string(),
      status: z.number().int(),
      /** Stable: clients translate this, never the English detail. */
      code: z.enum(PROBLEM_CODES as [ProblemCode, ...ProblemCode[]]),
      detail: z.string().optional(),
      errors: z
        .array(
          z.object({
            path: z.string(),
            code: z.enum(Object.keys(FIELD_PROBLEMS) as [FieldProblemCode, ...FieldProblemCode[]]),
            message: z.string(),
            params: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
          }),
        )
        .optional(),
    })
    .catchall(z.unknown())
    .meta({ id: "Problem" });

export type Problem = z.infer<ReturnType<typeof problemSchema>>;
let builtProblemSchema: ReturnType<typeof problemSchema> | undefined;

const KINDS: Record<ProblemKind, { status: ContentfulStatusCode; title: string }> = {
  validation: { status: 400, title: "Invalid request" },
  unauthenticated: { status: 401, title: "Not signed in" },
  forbidden: { status: 403, title: "Not allowed" },
  "not-found": { status: 404, title: "Not found" },
  "method-not-allowed": { status: 405, title: "Method not allowed" },
  conflict: { status: 409, title: "Conflict" },
  gone: { status: 410, title: "Gone" },
  "precondition-failed": { status: 412, title: "Changed by someone else" },
  "payload-too-large": { status: 413, title: "Too large" },
  "unsupported-media-type": { status: 415, title: "Unsupported media type" },
  misdirected: { status: 421, title: "Misdirected request" },
  unprocessable: { status: 422, title: "Unprocessable request" },
  "precondition-required": { status: 428, title: "Version required" },
  "too-many-requests": { status: 429, title: "Too many requests" },
  internal: { status: 500, title: "Internal error" },
  unavailable: { status: 503, title: "Temporarily unavailable" },
};

/** The body of a problem answer: its code, the English detail for developers, and what the client acts on. */
export function problemBody(
  code: ProblemCode,
  extra: Record<string, unknown> = {},
  detail?: string,
): Problem {
  const { kind, detail: known } = PROBLEMS[code];
  const { status, title } = KINDS[kind];
  return {
    type: `urn:problem:crm:${code}`,
    title,
    status,
    code,
    detail: detail ?? known,
    ...extra,
  };
}

export function problemResponse(c: Context, body: Problem) {
  return c.body(JSON.stringify(body), body.status as ContentfulStatusCode, {
    "content-type": "application/problem+json",
  });
}

/** Each zod issue becomes one {path, code, message}: the client can put it beside its field. */
export const zodProblems = (error: ZodError, input: unknown): FieldProblem[] =>
  fieldProblemsOf(error, { input });

export function validationProblem(c: Context, error: ZodError, input: unknown, where: string) {
  return problemResponse(
    c,
    problemBody(
      "invalid-fields",
      { errors: zodProblems(error, input) },
      `The ${where} has ${error.issues.length} problem(s).`,
    ),
  );
}

/** HTTP-level refusals (Hono's, the body limit's) by status. */
const HTTP_CODES: Record<number, ProblemCode> = {
  400: "body-not-json",
  401: "token-invalid",
  404: "route-not-found",
  405: "method-not-allowed",
  413: "payload-too-large",
  415: "unsupported-media-type",
};

/** Maps every error to problem+json. Unknown errors are logged here and never described to the client. */
export function handleError(error: Error, c: Context) {
  if (error instanceof DomainError) {
    const { retryAfterSeconds, ...details } = error.details;
    if (typeof retryAfterSeconds === "number") c.header("retry-after", String(retryAfterSeconds));
    return problemResponse(c, problemBody(error.code, details, error.message));
  }
  if (error instanceof HTTPException) {
    const code = HTTP_CODES[error.status];
    if (code)
      return problemResponse(
        c,
        problemBody(code, {}, error.status === 400 ? undefined : error.message || undefined),
      );
  }
  const log: RequestLog = c.get("log") ?? rootLogger();
  if (isServiceUnreachable(error)) {
    // Not a bug: the database or the identity provider is down or slow; the same request may work in a moment.
    log.warn("a service the API needs is unreachable", { error: error.message });
    c.header("retry-after", String(UNREACHABLE_RETRY_AFTER_SECONDS));
    return problemResponse(c, problemBody("service-unavailable"));
  }
  log.error("unhandled error", error);
  return problemResponse(c, problemBody("internal"));
}

export const notFoundRoute = (c: Context) =>
  problemResponse(
    c,
    problemBody("route-not-found", {}, `There is no ${c.req.method} ${new URL(c.req.url).pathname}.`),
  );

/** The problem responses a route may give, for the OpenAPI document. */
export function problemResponses(...statuses: number[]) {
  builtProblemSchema ??= problemSchema();
  const schema = builtProblemSchema;
  return Object.fromEntries(
    statuses.map((status) => [
      status,
      {
        description: Object.values(KINDS).find((kind) => kind.status === status)?.title ?? "Error",
        content: { "application/problem+json": { schema } },
      },
    ]),
  );
}
