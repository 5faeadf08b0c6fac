import { createHash } from "node:crypto";
import type { IdempotencyRepository } from "@crm/data";
import { DomainError } from "@crm/domain";
import type { Context, Env } from "hono";
import { createMiddleware } from "hono/factory";

const KEY_PATTERN = /^[\x21-\x7e]{8,200}$/;

export const IDEMPOTENCY_HEADER = "idempotency-key";

/** The Idempotency-Key of the request, checked; undefined when none was sent. */
export function idempotencyKey(c: Context): string | undefined {
  const key = c.req.header(IDEMPOTENCY_HEADER);
  if (key === undefined) return undefined;
  if (!KEY_PATTERN.test(key)) {
    throw new DomainError("validation", "Idempotency-Key must be 8 to 200 visible ASCII characters.", {
      errors: [
        { path: "header.Idempotency-Key", message: "8 to 200 visible ASCII characters, such as a UUID." },
      ],
    });
  }
  return key;
}

/**
 * Makes a create safe to retry. With an Idempotency-Key, the first request's
 * answer is stored; a retry with the same key and body gets that answer again
 * (Idempotent-Replayed: true) and creates nothing. A different body under the
 * same key is refused (422); a retry while the first still runs gets 409.
 * Only successful answers are stored: a refused request (400, 409, …) wrote
 * nothing, so the key is released and the person can correct and resend it.
 */
export function idempotent<E extends Env>(
  scope: string,
  repositoryFor: (
    c: Context<E>,
    key: string,
  ) =>
    | Promise<{ repository: IdempotencyRepository; owner: string }>
    | { repository: IdempotencyRepository; owner: string },
) {
  return createMiddleware<E>(async (c, next) => {
    const key = idempotencyKey(c);
    if (!key) return next();
    const { repository, owner } = await repositoryFor(c, key);
    const recordScope = `${scope}#${owner}`;
    const body = await c.req.text();
    const fingerprint = createHash("sha256")
      .update(`${c.req.method} ${c.req.path}\n${body}`)
      .digest("base64url");
    const nowSeconds = Math.floor(Date.now() / 1000);
    const claim = await repository.claim(recordScope, key, fingerprint, nowSeconds);
    if (claim.state === "mismatch") {
      throw new DomainError("unprocessable", "This Idempotency-Key was used for a different request.");
    }
    if (claim.state === "in-progress") {
      throw new DomainError(
        "conflict",
        "A request with this Idempotency-Key is still running. Retry shortly.",
      );
    }
    if (claim.state === "replay") {
      const { status, body: stored, headers } = claim.response;
      return c.body(JSON.stringify(stored), status as 200, {
        ...headers,
        "content-type": headers?.["content-type"] ?? "application/json",
        "idempotent-replayed": "true",
      });
    }
    await next();
    if (c.res.status >= 300) {
      await repository.release(recordScope, key);
      return;
    }
    const answer = c.res.clone();
    const headers: Record<string, string> = {
      "content-type": answer.headers.get("content-type") ?? "application/json",
    };
    for (const name of ["location", "etag"]) {
      const value = answer.headers.get(name);
      if (value) headers[name] = value;
    }
    const text = await answer.text();
    await repository.complete(recordScope, key, {
      status: answer.status,
      body: text ? JSON.parse(text) : null,
      headers,
    });
  });
}
