import {
  CHURN_RISKS,
  type Customer,
  CustomerPatchRequestSchema,
  CustomerRequestSchema,
  CustomerSchema,
  canSeeCustomer,
  checkNewCustomerOwner,
  customerListing,
  customerPatchSchema,
  deletedListOwnerFor,
  EmailSchema,
  fieldProblem,
  invalid,
  LifecycleStageSchema,
  listedOwnerFor,
  MAX_SEARCH_LENGTH,
  newCustomerSchema,
  noPurchases,
  normalizePhone,
  SearchMatchSchema,
  SegmentKeySchema,
  TransactionCorrectionRecordSchema,
} from "@crm/domain";
import { type OpenAPIHono, z } from "@hono/zod-openapi";
import type { Context } from "hono";
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
import { protectedRoute } from "../protected-route.js";
import { CursorParam, IdParam, ifMatchHeader, json, jsonBody, pageQuery } from "../schemas.js";
import { etagOf, expectedVersion } from "../versioning.js";
import { checkNewOwner, checkOwnerChange } from "./owners.js";

export const CustomerResponse = CustomerSchema.meta({ id: "Customer" });
/** A customer in a list: a search says what found it when it was not the name (a phone, an email, a contact's). */
const ListedCustomer = CustomerSchema.extend({ match: SearchMatchSchema.optional() }).meta({
  id: "ListedCustomer",
});
const CustomerPage = z
  .object({ items: z.array(ListedCustomer), nextCursor: z.string().optional() })
  .meta({ id: "CustomerPage" });
const tags = ["Customers"];
const signedIn = { roles: "signed-in", idempotent: false, tags } as const;

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

const create = protectedRoute(
  { roles: "signed-in", idempotent: true, tags },
  {
    method: "post",
    path: "/v1/customers",
    summary: "Create a customer (reps own what they create)",
    request: { body: jsonBody(CustomerRequestSchema.meta({ id: "CustomerRequest" })) },
    responses: { 201: json(CustomerResponse, "Created"), ...problemResponses(400, 401, 403, 409, 422) },
  },
);

const list = protectedRoute(signedIn, {
  method: "get",
  path: "/v1/customers",
  summary:
    "Customers by name, owner, stage or tag (one at a time, each with ?q=), or the one with an email or phone",
  request: { query: ListQuery },
  responses: { 200: json(CustomerPage), ...problemResponses(400, 401) },
});

const read = protectedRoute(signedIn, {
  method: "get",
  path: "/v1/customers/{id}",
  summary: "One customer, with its version as ETag",
  request: { params: IdParam },
  responses: { 200: json(CustomerResponse), ...problemResponses(401, 404) },
});

const edit = protectedRoute(signedIn, {
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

const history = protectedRoute(signedIn, {
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

/** A new customer's owner: a rep creates only for themselves (handing over comes after, see owners.ts). */
async function checkOwner(c: Context<AppEnv>, ownerId: string) {
  checkNewCustomerOwner(c.var.principal, ownerId);
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
      const ownerId = deletedListOwnerFor(principal);
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
    const onlyOwnerId = listedOwnerFor(principal, settings.repVisibility);
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
      onlyOwnerId,
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
}
