import type { Logger } from "@aws-lambda-powertools/logger";
import { DomainError, type FieldProblem } from "@crm/domain";
import { z } from "@hono/zod-openapi";
import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { ZodError } from "zod";
import { rootLogger } from "../observability.js";

/** RFC 9457 problem details: the one error format of the whole API. */
export const ProblemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string().optional(),
    errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  })
  .catchall(z.unknown())
  .meta({ id: "Problem" });

export type Problem = z.infer<typeof ProblemSchema>;

const KINDS: Record<DomainError["kind"], { status: ContentfulStatusCode; title: string }> = {
  validation: { status: 400, title: "Invalid request" },
  unauthenticated: { status: 401, title: "Not signed in" },
  forbidden: { status: 403, title: "Not allowed" },
  "not-found": { status: 404, title: "Not found" },
  conflict: { status: 409, title: "Conflict" },
  gone: { status: 410, title: "Gone" },
  "precondition-failed": { status: 412, title: "Changed by someone else" },
  unprocessable: { status: 422, title: "Unprocessable request" },
  "precondition-required": { status: 428, title: "Version required" },
  "too-many-requests": { status: 429, title: "Too many requests" },
  unavailable: { status: 503, title: "Temporarily unavailable" },
};

const TYPE_BY_STATUS: Record<number, string> = {
  400: "validation",
  401: "unauthenticated",
  403: "forbidden",
  404: "not-found",
  405: "method-not-allowed",
  409: "conflict",
  410: "gone",
  412: "precondition-failed",
  413: "payload-too-large",
  415: "unsupported-media-type",
  422: "unprocessable",
  428: "precondition-required",
  429: "too-many-requests",
  500: "internal",
  503: "unavailable",
};

export function problemBody(
  status: number,
  title: string,
  detail?: string,
  extra: Record<string, unknown> = {},
): Problem {
  return {
    type: `urn:problem:crm:${TYPE_BY_STATUS[status] ?? "error"}`,
    title,
    status,
    ...(detail !== undefined && { detail }),
    ...extra,
  };
}

export function problemResponse(c: Context, body: Problem) {
  return c.body(JSON.stringify(body), body.status as ContentfulStatusCode, {
    "content-type": "application/problem+json",
  });
}

/** Each zod issue becomes one {path, message}: the client can put it beside its field. */
export function zodProblems(error: ZodError): FieldProblem[] {
  const pathOf = (path: PropertyKey[]) => (path.length > 0 ? path.map(String).join(".") : "(body)");
  return error.issues.flatMap((issue) =>
    issue.code === "unrecognized_keys"
      ? issue.keys.map((key) => ({
          path: pathOf([...issue.path, key]),
          message: "This field is not accepted here.",
        }))
      : [{ path: pathOf(issue.path), message: issue.message }],
  );
}

export function validationProblem(c: Context, error: ZodError, where: string) {
  return problemResponse(
    c,
    problemBody(400, KINDS.validation.title, `The ${where} has ${error.issues.length} problem(s).`, {
      errors: zodProblems(error),
    }),
  );
}

/** Maps every error to problem+json. Unknown errors are logged here and never described to the client. */
export function handleError(error: Error, c: Context) {
  if (error instanceof DomainError) {
    const { status, title } = KINDS[error.kind];
    const { retryAfterSeconds, ...details } = error.details;
    if (typeof retryAfterSeconds === "number") c.header("retry-after", String(retryAfterSeconds));
    return problemResponse(c, problemBody(status, title, error.message, details));
  }
  if (error instanceof HTTPException) {
    const status = error.status;
    const detail = status === 400 ? "The body is not valid JSON." : error.message || undefined;
    return problemResponse(c, problemBody(status, error.message || "Request refused", detail));
  }
  const log: Logger = c.get("log") ?? rootLogger();
  log.error("unhandled error", error);
  return problemResponse(
    c,
    problemBody(500, "Internal error", "Something went wrong on our side. Try again."),
  );
}

export const notFoundRoute = (c: Context) =>
  problemResponse(
    c,
    problemBody(404, "Not found", `There is no ${c.req.method} ${new URL(c.req.url).pathname}.`),
  );

/** The problem responses a route may give, for the OpenAPI document. */
export function problemResponses(...statuses: number[]) {
  return Object.fromEntries(
    statuses.map((status) => [
      status,
      {
        description: Object.values(KINDS).find((kind) => kind.status === status)?.title ?? "Error",
        content: { "application/problem+json": { schema: ProblemSchema } },
      },
    ]),
  );
}
