import {
  type Customer,
  DirectoryEntrySchema,
  DomainError,
  directoryOf,
  fail,
  fieldProblem,
  invalid,
  ownerChangeRefusal,
  ReassignRequestSchema,
} from "@crm/domain";
import { type OpenAPIHono, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import { tenantSettings, visibleCustomer } from "../customer-access.js";
import type { AppEnv } from "../env.js";
import { actorOf, nowOf } from "../env.js";
import { callersRecords, idempotent } from "../idempotency.js";
import { problemResponses } from "../problem.js";
import { protectedRoute } from "../protected-route.js";
import { json, jsonBody } from "../schemas.js";

/**
 * Who owns a customer, and handing customers to someone else: the directory
 * of names every role reads, and reassignment of one customer (PATCH
 * /v1/customers/{id} with ownerId, checked here) or many at once.
 */

/**
 * The new owner must be an active person of the tenant: another tenant's user is as unknown as a made-up id.
 * The caller is one already: authenticate read their record on this request and found them active.
 */
export async function checkNewOwner(c: Context<AppEnv>, ownerId: string) {
  if (ownerId === c.var.principal.userId) return;
  const owner = await c.var.tenant.users.find(ownerId);
  if (!owner?.active) throw invalid([fieldProblem("ownerId", "owner-not-active")]);
}

/**
 * Refuses giving a customer owned by `from` to `to` when the caller may not:
 * admins and managers may; a rep only their own, and only where the tenant
 * allows it. Naming the owner it has already changes nothing and is always allowed.
 */
async function refuseOwnerChange(c: Context<AppEnv>, from: string, to: string) {
  const { settings } = await tenantSettings(c);
  const refusal = ownerChangeRefusal(c.var.principal, { from, to }, settings.repsMayHandOver);
  if (refusal) throw fail(refusal);
}

/** May the caller give a customer owned by `from` to `to`, an active person of the tenant? */
export async function checkOwnerChange(c: Context<AppEnv>, from: string, to: string) {
  if (from === to) return;
  await refuseOwnerChange(c, from, to);
  await checkNewOwner(c, to);
}

const Directory = z.object({ items: z.array(DirectoryEntrySchema.meta({ id: "DirectoryEntry" })) }).meta({
  id: "Directory",
});

const directory = protectedRoute(
  { roles: "signed-in", idempotent: false, tags: ["Users"] },
  {
    method: "get",
    path: "/v1/directory",
    summary: "Everyone in the tenant by name, for showing and choosing owners (every role)",
    description:
      "Only id, name and whether the person is active: no emails or roles, which a rep has no need of. Deactivated people are listed too, as they may still own customers; choose owners among the active ones.",
    responses: { 200: json(Directory), ...problemResponses(401) },
  },
);

const ReassignResult = z
  .object({
    id: z.string(),
    outcome: z.enum(["reassigned", "unchanged", "failed"]).openapi({
      description:
        "reassigned: now the owner's, at `version`; unchanged: the owner had it already; failed: see `status` and `code`.",
    }),
    version: z.number().int().optional(),
    status: z
      .number()
      .int()
      .optional()
      .openapi({ description: "For a failure: the status it would have alone." }),
    code: z.string().optional().openapi({ description: "For a failure: its problem code." }),
    currentVersion: z
      .number()
      .int()
      .optional()
      .openapi({ description: "For version-stale: the version now." }),
    mergedInto: z.string().optional(),
  })
  .meta({ id: "ReassignResult" });

const reassign = protectedRoute(
  { roles: "signed-in", idempotent: true, tags: ["Customers"] },
  {
    method: "post",
    path: "/v1/customers/reassign",
    summary: "Give up to 100 customers to one owner; each answers on its own",
    description:
      "Each customer changes in its own transaction, against the version it was chosen at (a stale one fails with version-stale and changes nothing), with an entry in its history; the owner-scoped lists follow. A customer the owner has already answers unchanged, so asking again changes nothing more. Admins and managers reassign any customer; reps hand over only their own, where the tenant's repsMayHandOver allows it.",
    request: {
      body: jsonBody(ReassignRequestSchema.meta({ id: "ReassignRequest" })),
    },
    responses: {
      200: json(
        z.object({ ownerId: z.string(), results: z.array(ReassignResult) }).meta({ id: "Reassignment" }),
      ),
      ...problemResponses(400, 401, 403, 409, 422),
    },
  },
);

const idempotentReassign = idempotent("customers.reassign", {
  records: callersRecords,
});

/** The status of a refusal one customer of a batch may get; anything else fails the whole request. */
const ITEM_STATUS: Partial<Record<DomainError["kind"], number>> = {
  forbidden: 403,
  "not-found": 404,
  conflict: 409,
  gone: 410,
  "precondition-failed": 412,
};

type Result = z.infer<typeof ReassignResult>;

/** How many customers of a batch change at once. */
const IN_FLIGHT = 8;

async function reassignOne(
  c: Context<AppEnv>,
  wanted: { id: string; version: number },
  ownerId: string,
  now: string,
): Promise<Result> {
  const { id, version } = wanted;
  const { tenant, principal } = c.var;
  try {
    const customer: Customer = await visibleCustomer(c, id, true);
    if (customer.ownerId === ownerId) return { id, outcome: "unchanged", version: customer.version };
    // The new owner was checked once for the whole batch.
    await refuseOwnerChange(c, customer.ownerId, ownerId);
    const after = await tenant.customers.update(id, { ownerId }, version, actorOf(principal), now);
    return { id, outcome: "reassigned", version: after.version };
  } catch (error) {
    const status = error instanceof DomainError ? ITEM_STATUS[error.kind] : undefined;
    if (!(error instanceof DomainError) || status === undefined) throw error;
    const { currentVersion, mergedInto } = error.details;
    return {
      id,
      outcome: "failed",
      status,
      code: error.code,
      ...(typeof currentVersion === "number" && { currentVersion }),
      ...(typeof mergedInto === "string" && { mergedInto }),
    };
  }
}

export function registerOwners(app: OpenAPIHono<AppEnv>) {
  app.openapi(directory, async (c) => {
    c.header("cache-control", "private, no-cache");
    return c.json({ items: directoryOf(await c.var.tenant.users.list()) }, 200);
  });

  app.openapi(reassign, async (c) => {
    const { ownerId, customers } = c.req.valid("json");
    const { principal, deps } = c.var;
    const { settings } = await tenantSettings(c);
    // A rep's whole request is refused while hand-overs are off: no customer is looked at.
    if (principal.role === "rep" && !settings.repsMayHandOver) throw fail("reps-may-not-hand-over");
    await checkNewOwner(c, ownerId);
    return idempotentReassign(c, async () => {
      const now = nowOf(deps).toISOString();
      const results: Result[] = [];
      for (let start = 0; start < customers.length; start += IN_FLIGHT) {
        const batch = customers.slice(start, start + IN_FLIGHT);
        results.push(...(await Promise.all(batch.map((one) => reassignOne(c, one, ownerId, now)))));
      }
      return c.json({ ownerId, results }, 200);
    });
  });
}
