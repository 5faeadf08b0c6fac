import { DomainError, fail, type Role, tenantReadOnly } from "@crm/domain";
import { createMiddleware } from "hono/factory";
import { countEvent } from "../observability.js";
import type { AppEnv } from "./env.js";

const READ_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * Every route but the public ones goes through this. The tenant and the user
 * come only from the verified token; the user record is then read (kept per
 * instance for at most 5 s, dropped at once by a write through the instance),
 * so a deactivated user is refused and a role change applies within seconds,
 * not when the token expires.
 */
export const authenticate = createMiddleware<AppEnv>(async (c, next) => {
  const header = c.req.header("authorization") ?? "";
  const match = /^Bearer ([A-Za-z0-9._~+/=-]+)$/.exec(header);
  if (!match?.[1]) throw fail("token-missing");
  const { deps } = c.var;
  const identity = await deps.verifier.verify(match[1]);
  const tenant = await deps.store.forTenant(identity.tenantId);
  // A token issued before the person's password changed finds nobody (their sessions were ended).
  const user = tenant && (await tenant.users.find(identity.userId, { tokenIssuedAt: identity.issuedAt }));
  if (!tenant || !user) throw fail("token-invalid");
  if (!user.active) throw fail("account-deactivated");
  c.var.log.appendKeys({ tenantId: identity.tenantId, userId: user.id });
  const admitted = deps.limiter?.take(identity.tenantId) ?? { allowed: true };
  if (!admitted.allowed) {
    countEvent("TenantThrottled", {}, { tenantId: identity.tenantId });
    throw new DomainError("tenant-throttled", { retryAfterSeconds: admitted.retryAfterSeconds });
  }
  // While an operator moves the tenant (docs/tenancy.md), its data is read-only: a change is
  // refused before it starts rather than halfway (the data layer refuses the writes themselves too).
  if (tenant.tenant.readOnly && !READ_METHODS.has(c.req.method)) throw tenantReadOnly();
  c.set("tenant", tenant);
  c.set("principal", {
    tenantId: identity.tenantId,
    userId: user.id,
    email: user.email,
    name: user.name,
    role: user.role,
  });
  await next();
});

export const requireRole = (...roles: Role[]) =>
  createMiddleware<AppEnv>(async (c, next) => {
    if (!roles.includes(c.var.principal.role)) throw fail("role-forbidden");
    await next();
  });
