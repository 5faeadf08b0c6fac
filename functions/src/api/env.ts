import type { CrmStore, LimitCounters, TenantData, VersionedSettings } from "@crm/data";
import type { Role } from "@crm/domain";
import type { DeploymentKeys } from "../deployment-keys.js";
import type { CognitoIdentity } from "../identity/identity.js";
import type { TokenVerifier } from "../identity/token-verifier.js";
import type { Enqueue } from "../jobs/job-context.js";
import type { Mailer } from "../mail/mailer.js";
import type { RequestLog } from "../observability.js";
import type { RateLimits } from "./rate-limit-policy.js";
import type { TenantLimiter } from "./tenant-limiter.js";

export type ApiDeps = {
  store: CrmStore;
  identity: CognitoIdentity;
  verifier: TokenVerifier;
  /** Keys derived from the deployment's secret: cursors, fingerprints, rate-limit counters. */
  keys: DeploymentKeys;
  /** Where the web client lives: the one origin CORS allows (unset: none). */
  webUrl?: string;
  now?: () => Date;
  /** Requests per tenant; unset: no per-tenant limit. */
  limiter?: TenantLimiter;
  /** Counters of the public routes' rate limits, in the limits table; unset: none is counted. */
  limitCounters?: LimitCounters;
  /** What those counters are held to; unset: RATE_LIMITS. */
  rateLimits?: RateLimits;
  /** Queues background jobs (imports, exports): SQS in AWS, the local queue in the embedded stack. */
  enqueue: Enqueue;
  /** The one outbound mail port: SES in AWS, SMTP to the mail catcher in the embedded stack; unset: no mail. */
  mailer?: Mailer;
  /**
   * Where secret links point (the web client), in emails and as answers show
   * them; never the Host a request names. Unset (a hand-made ApiDeps): no
   * link is emailed, and answers show the link as a path.
   */
  mailLinkBase?: string;
};

/** Who is calling, from the verified token; the role is the user record's, read on this request. */
export type Principal = { tenantId: string; userId: string; email: string; name: string; role: Role };

export type AppEnv = {
  Variables: {
    deps: ApiDeps;
    principal: Principal;
    tenant: TenantData;
    /** This request's logger: requestId, then tenantId and userId once known. */
    log: RequestLog;
    /** The tenant's settings, read at most once per request (see tenantSettings). */
    settings: Promise<VersionedSettings>;
  };
};

export const nowOf = (deps: ApiDeps) => (deps.now ? deps.now() : new Date());

/** Who makes a change, as history and the audit log record them. */
export const actorOf = (principal: Principal) => ({ id: principal.userId, name: principal.name });
