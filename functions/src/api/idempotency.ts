import type { IdempotencyRepository } from "@crm/data";
import { DomainError, fieldProblem } from "@crm/domain";
import type { Context } from "hono";
import type { AppEnv } from "./env.js";

const KEY_PATTERN = /^[\x21-\x7e]{8,200}$/;

export const IDEMPOTENCY_HEADER = "idempotency-key";

/** The Idempotency-Key of the request, checked; undefined when none was sent. */
export function idempotencyKey(c: Context): string | undefined {
  const key = c.req.header(IDEMPOTENCY_HEADER);
  if (key === undefined) return undefined;
  if (!KEY_PATTERN.test(key)) {
    throw new DomainError("idempotency-key-invalid", {
      errors: [fieldProblem("header.Idempotency-Key", "idempotency-key-format")],
    });
  }
  return key;
}

type Records = { repository: IdempotencyRepository; owner: string };

/** The records of a signed-in caller's requests: in their tenant, each person's keys apart. */
export const callersRecords = (c: Context<AppEnv>): Records => ({
  repository: c.var.tenant.idempotency,
  owner: c.var.principal.userId,
});

/**
 * How a route's answer is stored and replayed. An answer that carries a
 * secret (an invitation link) is stored without it, and a replay gets a fresh
 * one: a replay must never hand out a secret read from the table, where
 * backups and anyone with read access see it. A replay can also be checked
 * against what the caller may see now (a customer since given to another rep).
 */
export type Replay = {
  /** The answer's body as it may be stored: every secret removed. */
  redact?: (body: unknown) => unknown;
  /** The stored body as the caller gets it again: secrets made anew, or a refusal. */
  complete?: (c: Context<AppEnv>, stored: unknown) => Promise<unknown>;
};

/**
 * Makes a create safe to retry. With an Idempotency-Key, the first request's
 * answer is stored; a retry with the same key and body gets that answer again
 * (Idempotent-Replayed: true) and creates nothing. A different body under the
 * same key is refused (422); a retry while the first still runs gets 409.
 * Only successful answers are stored: a refused request (400, 409, …) wrote
 * nothing, so the key is released and the person can correct and resend it.
 *
 * The handler calls it once the request is known to be valid (the route's zod
 * validators run before any handler; checks against the tenant's settings run
 * in the handler before the call), so a bad request never claims a key and
 * writes nothing. Requests are fingerprinted with the deployment's HMAC key:
 * a signup's body holds a password, and no stored fingerprint may be an
 * unsalted hash of one.
 */
export function idempotent(
  scope: string,
  options: {
    records: (c: Context<AppEnv>, key: string) => Records | Promise<Records>;
    replay?: Replay;
  },
) {
  return async <R extends Response>(c: Context<AppEnv>, create: () => Promise<R>): Promise<R> => {
    const key = idempotencyKey(c);
    if (!key) return create();
    const { repository, owner } = await options.records(c, key);
    const recordScope = `${scope}#${owner}`;
    const fingerprint = await c.var.deps.keys.hmac(
      "request-fingerprint",
      `${c.req.method} ${c.req.path}\n${await c.req.text()}`,
    );
    const claim = await repository.claim(recordScope, key, fingerprint, Math.floor(Date.now() / 1000));
    if (claim.state === "mismatch") {
      throw new DomainError("idempotency-key-reused");
    }
    if (claim.state === "in-progress") {
      throw new DomainError("idempotency-in-progress");
    }
    if (claim.state === "replay") {
      const { status, body: stored, headers } = claim.response;
      const body = options.replay?.complete ? await options.replay.complete(c, stored) : stored;
      // The same answer as the first time, so of the type create returns.
      return c.body(JSON.stringify(body), status as 200, {
        ...headers,
        "content-type": headers?.["content-type"] ?? "application/json",
        "idempotent-replayed": "true",
      }) as unknown as R;
    }
    let answer: R;
    try {
      answer = await create();
    } catch (error) {
      await repository.release(recordScope, key);
      throw error;
    }
    if (answer.status >= 300) {
      await repository.release(recordScope, key);
      return answer;
    }
    const headers: Record<string, string> = {
      "content-type": answer.headers.get("content-type") ?? "application/json",
    };
    for (const name of ["location", "etag"]) {
      const value = answer.headers.get(name);
      if (value) headers[name] = value;
    }
    const text = await answer.clone().text();
    const body = text ? JSON.parse(text) : null;
    await repository.complete(recordScope, key, {
      status: answer.status,
      body: options.replay?.redact ? options.replay.redact(body) : body,
      headers,
    });
    return answer;
  };
}
