import {
  CHURN_RISKS,
  type Customer,
  CustomerPatchRequestSchema,
  CustomerRequestSchema,
  CustomerSchema,
  canSeeCustomer,
  customerListing,
  customerPatchSchema,
  DomainError,
  EmailSchema,
  fail,
  fieldProblem,
  invalid,
  LifecycleStageSchema,
  MAX_SEARCH_LENGTH,
  newCustomerSchema,
  noPurchases,
  normalizePhone,
  SearchMatchSchema,
  SegmentKeySchema,
  TransactionCorrectionRecordSchema,
} from "@crm/domain";
import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import { authenticate, requireRole } from "../authenticate.js";
import { sealedPage } from "../cursors.js";
import {
  parseWithCustomFields,
  revealingOnlyVisible,
  tenantSettings,
  visibleCustomer,
  withTenantProblems,
} from "../customer-access.js";
import type { AppEnv } from "../env.js";
import { actorOf, nowOf } from "../env.js";
import { callersRecords, idempotent } from "../idempotency.js";
import { problemResponses } from "../problem.js";
import {
  CursorParam,
  IdParam,
  idempotencyHeader,
  ifMatchHeader,
  json,
  jsonBody,
  pageQuery,
} from "../schemas.js";
import { etagOf, expectedVersion } from "../versioning.js";
import { checkNewOwner, checkOwnerChange } from "./owners.js";

const CustomerResponse = CustomerSchema.meta({ id: "Customer" });
/** A customer in a list: a search says what found it when it was not the name (a phone, an email, a contact's). */
const ListedCustomer = CustomerSchema.extend({ match: SearchMatchSchema.optional() }).meta({
  id: "ListedCustomer",
});
const CustomerPage = z
  .object({ items: z.array(ListedCustomer), nextCursor: z.string().optional() })
  .meta({ id: "CustomerPage" });
const secured = { security: [{ bearer: [] }], tags: ["Customers"], middleware: [authenticate] };

const ListQuery = z.object({
  q: z.string().max(MAX_SEARCH_LENGTH).optional().openapi({
    description:
      "One search box: digits are a phone (any format; a prefix of the national number), text with @ an email (or its prefix), anything else a prefix of a name, a later word, pinyin or initials. Case and full/half width do not matter. Contacts' phones and emails find their company; `match` says what matched when it was not the name.",
  }),
  owner: z
    .string()
    .max(100)
    .optional()
    .openapi({ description: "An owner's user id, or me; most recent activity first." }),
  stage: LifecycleStageSchema.optional(),
  tag: z.string().trim().min(1).max(40).optional(),
  segment: SegmentKeySchema.optional().openapi({
    description: "An RFM segment's key: its customers, most predicted value first.",
  }),
  churnRisk: z
    .enum(CHURN_RISKS)
    .optional()
    .openapi({ description: "A churn-risk band: its customers, most value to date first." }),
  email: z.string().max(254).optional().openapi({ description: "Exact email." }),
  phone: z
    .string()
    .max(40)
    .optional()
    .openapi({ description: "Exact phone, in any format the tenant's region reads." }),
  deleted: z.enum(["true"]).optional().openapi({
    description:
      "true: the deleted customers, most recent first, to restore (reps: those they own, whatever the tenant shows them).",
  }),
  cursor: CursorParam,
  limit: z.coerce.number().int().min(1).max(100).default(25),
});

const idempotentCreate = idempotent("customers.create", {
  records: callersRecords,
  // A retry answers with what was created only while the caller may still see it.
  replay: {
    complete: async (c, stored) => {
      await visibleCustomer(c, (stored as Customer).id);
      return stored;
    },
  },
});

const create = createRoute({
  ...secured,
  method: "post",
  path: "/v1/customers",
  summary: "Create a customer (reps own what they create)",
  middleware: [authenticate],
  request: {
    headers: idempotencyHeader,
    body: jsonBody(CustomerRequestSchema.meta({ id: "CustomerRequest" })),
  },
  responses: { 201: json(CustomerResponse, "Created"), ...problemResponses(400, 401, 403, 409, 422) },
});

const list = createRoute({
  ...secured,
  method: "get",
  path: "/v1/customers",
  summary:
    "Customers by name, owner, stage or tag (one at a time, each with ?q=), or the one with an email or phone",
  request: { query: ListQuery },
  responses: { 200: json(CustomerPage), ...problemResponses(400, 401) },
});

const read = createRoute({
  ...secured,
  method: "get",
  path: "/v1/customers/{id}",
  summary: "One customer, with its version as ETag",
  request: { params: IdParam },
  responses: { 200: json(CustomerResponse), ...problemResponses(401, 404) },
});

const edit = createRoute({
  ...secured,
  method: "patch",
  path: "/v1/customers/{id}",
  summary: "Change a customer; send If-Match with the version edited",
  request: {
    params: IdParam,
    headers: ifMatchHeader,
    body: jsonBody(CustomerPatchRequestSchema.meta({ id: "CustomerPatch" })),
  },
  responses: { 200: json(CustomerResponse), ...problemResponses(400, 401, 403, 404, 409, 412, 428) },
});

const history = createRoute({
  ...secured,
  method: "get",
  path: "/v1/customers/{id}/history",
  summary: "Who changed what and when, newest first",
  request: {
    params: IdParam,
    query: pageQuery(50),
  },
  responses: {
    200: json(
      z.object({
        items: z.array(
          z.object({
            at: z.string(),
            by: z.string(),
            byName: z.string(),
            action: z.string(),
            changes: z.array(z.object({ field: z.string(), from: z.unknown(), to: z.unknown() })),
            mergedFrom: z.object({ id: z.string(), name: z.string() }).optional(),
            transaction: TransactionCorrectionRecordSchema.optional(),
          }),
        ),
        nextCursor: z.string().optional(),
      }),
    ),
    ...problemResponses(400, 401, 404),
  },
});

const remove = createRoute({
  ...secured,
  method: "delete",
  path: "/v1/customers/{id}",
  summary: "Delete a customer; restorable for 30 days",
  request: { params: IdParam },
  responses: { 204: { description: "Deleted" }, ...problemResponses(401, 404) },
});

const restore = createRoute({
  ...secured,
  method: "post",
  path: "/v1/customers/{id}/restore",
  summary: "Restore a deleted customer within 30 days (reps: one they own, or one they deleted and may see)",
  request: { params: IdParam },
  responses: { 200: json(CustomerResponse), ...problemResponses(401, 404) },
});

const erase = createRoute({
  ...secured,
  method: "post",
  path: "/v1/customers/{id}/erase",
  summary: "Erase a customer and everything about them for good: privacy requests (admins)",
  middleware: [authenticate, requireRole("admin")],
  request: { params: IdParam },
  responses: { 204: { description: "Erased" }, ...problemResponses(401, 403, 404) },
});

const merge = createRoute({
  ...secured,
  method: "post",
  path: "/v1/customers/{id}/merge",
  summary:
    "Merge a duplicate into this customer: it takes the duplicate's contacts, transactions, emails, phones and tags",
  description:
    "The duplicate then answers 410 with `mergedInto`. Asking again changes nothing more; an interrupted merge finishes.",
  request: {
    params: IdParam,
    body: jsonBody(
      z
        .object({ duplicateId: z.string().min(1).max(100) })
        .strict()
        .meta({ id: "MergeRequest" }),
    ),
  },
  responses: { 200: json(CustomerResponse), ...problemResponses(400, 401, 403, 404, 409, 410) },
});

const audit = createRoute({
  security: [{ bearer: [] }],
  tags: ["Tenants"],
  method: "get",
  path: "/v1/audit",
  summary: "Deletions, restores and erasures, newest first (admins)",
  middleware: [authenticate, requireRole("admin")],
  request: {
    query: pageQuery(50),
  },
  responses: {
    200: json(
      z.object({
        items: z.array(
          z.object({
            at: z.string(),
            action: z.string(),
            customerId: z.string().optional(),
            by: z.string(),
            byName: z.string(),
          }),
        ),
        nextCursor: z.string().optional(),
      }),
    ),
    ...problemResponses(400, 401, 403),
  },
});

/** A new customer's owner: a rep creates only for themselves (handing over comes after, see owners.ts). */
async function checkOwner(c: Context<AppEnv>, ownerId: string) {
  const { principal } = c.var;
  if (principal.role === "rep" && ownerId !== principal.userId) throw fail("reps-own-created-customers");
  await checkNewOwner(c, ownerId);
}

export function registerCustomers(app: OpenAPIHono<AppEnv>) {
  app.openapi(
    create,
    async (c) => {
      const { tenant, principal, deps } = c.var;
      const { settings } = await tenantSettings(c);
      const input = await parseWithCustomFields(
        c,
        newCustomerSchema(settings.phoneRegion),
        c.req.valid("json"),
        "customer",
        "create",
      );
      const ownerId = input.ownerId ?? principal.userId;
      await checkOwner(c, ownerId);
      // Only a request found valid above claims its Idempotency-Key.
      return idempotentCreate(c, async () => {
        const now = nowOf(deps).toISOString();
        const customer = await revealingOnlyVisible(c, () =>
          tenant.customers.create(
            {
              ...input,
              ownerId,
              id: crypto.randomUUID(),
              createdAt: now,
              updatedAt: now,
              lastActivityAt: now,
              version: 1,
              purchases: noPurchases(settings.currency),
            },
            actorOf(principal),
          ),
        );
        c.header("etag", etagOf(customer.version));
        c.header("location", `/v1/customers/${customer.id}`);
        return c.json(customer, 201);
      });
    },
    withTenantProblems("customer", "create", newCustomerSchema),
  );

  app.openapi(list, async (c) => {
    const { tenant, principal } = c.var;
    const query = c.req.valid("query");
    const { settings } = await tenantSettings(c);
    const seen = (customer: Customer | undefined) =>
      customer && canSeeCustomer(principal, customer, settings.repVisibility) ? [customer] : [];
    if (query.deleted) {
      // A rep reads their own deleted customers from their own partition, never a filtered tenant list.
      const ownerId = principal.role === "rep" ? principal.userId : undefined;
      return c.json(
        await sealedPage(c, (cursor) =>
          tenant.customers.listDeleted({ ...(ownerId && { ownerId }), cursor, limit: query.limit }),
        ),
        200,
      );
    }
    if (query.email !== undefined) {
      const email = EmailSchema.safeParse(query.email);
      return c.json(
        { items: email.success ? seen(await tenant.customers.findByClaim("emails", email.data)) : [] },
        200,
      );
    }
    if (query.phone !== undefined) {
      const phone = normalizePhone(query.phone, settings.phoneRegion);
      return c.json({ items: phone ? seen(await tenant.customers.findByClaim("phones", phone)) : [] }, 200);
    }
    const ownOnly = principal.role === "rep" && settings.repVisibility === "own";
    const chosen = [
      query.owner && "owner",
      query.stage && "stage",
      query.tag && "tag",
      query.segment && "segment",
      query.churnRisk && "churnRisk",
    ].filter(Boolean);
    if (chosen.length > 1) {
      throw invalid(chosen.map((path) => fieldProblem(String(path), "one-filter-only")));
    }
    const listing = customerListing(
      { ...query, owner: query.owner === "me" ? principal.userId : query.owner },
      ownOnly ? principal.userId : undefined,
    );
    return c.json(
      await sealedPage(c, (cursor) =>
        tenant.customers.list({ ...listing, phoneRegion: settings.phoneRegion, cursor, limit: query.limit }),
      ),
      200,
    );
  });

  app.openapi(read, async (c) => {
    const customer = await visibleCustomer(c, c.req.valid("param").id);
    c.header("etag", etagOf(customer.version));
    return c.json(customer, 200);
  });

  app.openapi(
    edit,
    async (c) => {
      const { tenant, principal, deps } = c.var;
      const { id } = c.req.valid("param");
      const version = expectedVersion(c);
      const before = await visibleCustomer(c, id, true);
      const { settings } = await tenantSettings(c);
      const patch = await parseWithCustomFields(
        c,
        customerPatchSchema(settings.phoneRegion),
        c.req.valid("json"),
        "customer",
        "patch",
      );
      // A new owner: admins and managers reassign; a rep hands over their own where the tenant allows it.
      if (patch.ownerId !== undefined) await checkOwnerChange(c, before.ownerId, patch.ownerId);
      const customer = await revealingOnlyVisible(c, () =>
        tenant.customers.update(id, patch, version, actorOf(principal), nowOf(deps).toISOString()),
      );
      c.header("etag", etagOf(customer.version));
      return c.json(customer, 200);
    },
    withTenantProblems("customer", "patch", customerPatchSchema),
  );

  app.openapi(history, async (c) => {
    const { id } = c.req.valid("param");
    await visibleCustomer(c, id);
    const { limit } = c.req.valid("query");
    return c.json(
      await sealedPage(c, (cursor) => c.var.tenant.customers.history(id, { cursor, limit })),
      200,
    );
  });

  app.openapi(remove, async (c) => {
    const { id } = c.req.valid("param");
    const { tenant, principal, deps } = c.var;
    await visibleCustomer(c, id, true);
    await tenant.customers.softDelete(id, actorOf(principal), nowOf(deps).toISOString());
    return c.body(null, 204);
  });

  app.openapi(restore, async (c) => {
    const { tenant, principal, deps } = c.var;
    const { repVisibility } = (await tenantSettings(c)).settings;
    // Admins and managers restore any; a rep their own, or one they deleted (an undo) and may still see.
    const may = (deleted: Customer & { deletedBy?: string }) =>
      principal.role !== "rep" ||
      ((deleted.ownerId === principal.userId || deleted.deletedBy === principal.userId) &&
        canSeeCustomer(principal, deleted, repVisibility));
    const customer = await tenant.customers.restore(
      c.req.valid("param").id,
      actorOf(principal),
      nowOf(deps).toISOString(),
      may,
    );
    c.header("etag", etagOf(customer.version));
    return c.json(customer, 200);
  });

  app.openapi(erase, async (c) => {
    const { tenant, principal, deps } = c.var;
    await tenant.customers.erase(c.req.valid("param").id, actorOf(principal), nowOf(deps).toISOString());
    return c.body(null, 204);
  });

  app.openapi(merge, async (c) => {
    const { tenant, principal, deps } = c.var;
    const { id } = c.req.valid("param");
    const { duplicateId } = c.req.valid("json");
    const survivor = await visibleCustomer(c, id, true);
    // Asked again after it finished: the duplicate already answers as merged into this survivor.
    const duplicate = await visibleCustomer(c, duplicateId, true).catch((error: unknown) => {
      if (error instanceof DomainError && error.details.mergedInto === id) return undefined;
      throw error;
    });
    if (
      principal.role === "rep" &&
      [survivor, duplicate].some((one) => one && one.ownerId !== principal.userId)
    ) {
      throw fail("reps-merge-own-customers");
    }
    const { timeZone } = (await tenantSettings(c)).settings;
    const merged = await revealingOnlyVisible(c, () =>
      tenant.customers.merge(id, duplicateId, actorOf(principal), nowOf(deps).toISOString(), timeZone),
    );
    c.header("etag", etagOf(merged.version));
    return c.json(merged, 200);
  });

  app.openapi(audit, async (c) => {
    const { limit } = c.req.valid("query");
    return c.json(await sealedPage(c, (cursor) => c.var.tenant.audit.latest({ cursor, limit })), 200);
  });
}
