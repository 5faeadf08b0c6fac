import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { DomainError, fieldProblem } from "@crm/domain";
import type { Context } from "hono";
import type { AppEnv } from "./env.js";

/**
 * Page cursors leave the API sealed: AES-256-GCM under the deployment's
 * cursor key, with the tenant, the user and the query they came from as
 * associated data. Inside is the data layer's own cursor (DynamoDB's last
 * key, which names a customer and its sort key); outside nobody can read it,
 * make one up, or use one from another person, tenant or list.
 */
const VERSION = "c1";
const IV_BYTES = 12;
const TAG_BYTES = 16;
/** Query parameters that do not change which list a cursor walks. */
const PAGING = new Set(["cursor", "limit"]);

const badCursor = () =>
  new DomainError("cursor-invalid", { errors: [fieldProblem("cursor", "cursor-foreign")] });

/** What a cursor is bound to: who asked, and for which list (path and filters, not the page size). */
export function cursorBinding(
  who: { tenantId: string; userId: string; role: string },
  method: string,
  url: URL,
): Buffer {
  const filters = [...url.searchParams.entries()]
    .filter(([name]) => !PAGING.has(name))
    .map(([name, value]) => `${encodeURIComponent(name)}=${encodeURIComponent(value)}`)
    .sort()
    .join("&");
  return Buffer.from(
    [VERSION, who.tenantId, who.userId, who.role, `${method} ${url.pathname}`, filters].join("\n"),
  );
}

/** Seals a data-layer cursor under a key, bound to a binding. */
export function sealWith(key: Buffer, binding: Buffer, inner: string): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv("aes-256-gcm", key, iv);
  cipher.setAAD(binding);
  const sealed = Buffer.concat([cipher.update(inner, "utf8"), cipher.final()]);
  return `${VERSION}.${Buffer.concat([iv, sealed, cipher.getAuthTag()]).toString("base64url")}`;
}

/** The data-layer cursor inside a sealed one, or undefined when it was not sealed under this key and binding. */
export function openWith(key: Buffer, binding: Buffer, sealed: string): string | undefined {
  const [version, body, ...rest] = sealed.split(".");
  if (version !== VERSION || !body || rest.length > 0) return undefined;
  const bytes = Buffer.from(body, "base64url");
  if (bytes.length <= IV_BYTES + TAG_BYTES) return undefined;
  try {
    const decipher = createDecipheriv("aes-256-gcm", key, bytes.subarray(0, IV_BYTES));
    decipher.setAAD(binding);
    decipher.setAuthTag(bytes.subarray(bytes.length - TAG_BYTES));
    return Buffer.concat([
      decipher.update(bytes.subarray(IV_BYTES, bytes.length - TAG_BYTES)),
      decipher.final(),
    ]).toString("utf8");
  } catch {
    return undefined;
  }
}

const bindingOf = (c: Context<AppEnv>) => cursorBinding(c.var.principal, c.req.method, new URL(c.req.url));

export async function sealCursor(c: Context<AppEnv>, inner: string | undefined): Promise<string | undefined> {
  if (inner === undefined) return undefined;
  return sealWith(await c.var.deps.keys.key("cursor"), bindingOf(c), inner);
}

/** The data layer's cursor inside a sealed one; 400 for anything not sealed by us for this caller and list. */
export async function openCursor(
  c: Context<AppEnv>,
  sealed: string | undefined,
): Promise<string | undefined> {
  if (sealed === undefined) return undefined;
  const inner = openWith(await c.var.deps.keys.key("cursor"), bindingOf(c), sealed);
  if (inner === undefined) throw badCursor();
  return inner;
}

/**
 * One page of a list, read with the request's ?cursor= opened and answered
 * with its nextCursor sealed: every paged route goes through this.
 */
export async function sealedPage<P extends { nextCursor?: string }>(
  c: Context<AppEnv>,
  read: (cursor: string | undefined) => Promise<P>,
): Promise<P> {
  const page = await read(await openCursor(c, c.req.query("cursor")));
  const { nextCursor, ...rest } = page;
  const sealed = await sealCursor(c, nextCursor);
  return (sealed === undefined ? rest : { ...rest, nextCursor: sealed }) as P;
}
