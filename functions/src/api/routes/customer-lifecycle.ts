import { DomainError } from "@crm/domain";
import { type OpenAPIHono, z } from "@hono/zod-openapi";
import { mergeCustomers } from "../../services/merge-customers.js";
import { restoreCustomer } from "../../services/restore-customer.js";
import { mustSee, revealingOnlyVisible, tenantSettings, visibleCustomer } from "../customer-access.js";
import type { AppEnv } from "../env.js";
import { actorOf, nowOf } from "../env.js";
import { problemResponses } from "../problem.js";
import { protectedRoute } from "../protected-route.js";
import { IdParam, json, jsonBody } from "../schemas.js";
import { etagOf } from "../versioning.js";
import { CustomerResponse } from "./customers.js";

const tags = ["Customers"];
const signedIn = { roles: "signed-in", idempotent: false, tags } as const;

const remove = protectedRoute(signedIn, {
  method: "delete",
  path: "/v1/customers/{id}",
  summary: "Delete a customer; restorable for 30 days",
  request: { params: IdParam },
  responses: { 204: { description: "Deleted" }, ...problemResponses(401, 404) },
});

const restore = protectedRoute(signedIn, {
  method: "post",
  path: "/v1/customers/{id}/restore",
  summary: "Restore a deleted customer within 30 days (reps: one they own, or one they deleted and may see)",
  request: { params: IdParam },
  responses: { 200: json(CustomerResponse), ...problemResponses(401, 404) },
});

const erase = protectedRoute(
  { roles: ["admin"], idempotent: false, tags },
  {
    method: "post",
    path: "/v1/customers/{id}/erase",
    summary: "Erase a customer and everything about them for good: privacy requests (admins)",
    request: { params: IdParam },
    responses: { 204: { description: "Erased" }, ...problemResponses(401, 403, 404) },
  },
);

const merge = protectedRoute(signedIn, {
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

/** A customer's end: deleting (restorable for a while), restoring, erasing for good, and merging into another. */
export function registerCustomerLifecycle(app: OpenAPIHono<AppEnv>) {
  app.openapi(remove, async (c) => {
    const { id } = c.req.valid("param");
    const { tenant, principal, deps } = c.var;
    await visibleCustomer(c, id, true);
    await tenant.customers.softDelete(id, actorOf(principal), nowOf(deps).toISOString(), (customer) =>
      mustSee(c, customer),
    );
    return c.body(null, 204);
  });

  app.openapi(restore, async (c) => {
    const { tenant, principal, deps } = c.var;
    const { repVisibility } = (await tenantSettings(c)).settings;
    const customer = await restoreCustomer(
      tenant,
      principal,
      c.req.valid("param").id,
      actorOf(principal),
      nowOf(deps).toISOString(),
      repVisibility,
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
    const { timeZone } = (await tenantSettings(c)).settings;
    const merged = await revealingOnlyVisible(c, () =>
      mergeCustomers(
        tenant,
        principal,
        { survivor, duplicateId, duplicate },
        actorOf(principal),
        nowOf(deps).toISOString(),
        timeZone,
      ),
    );
    c.header("etag", etagOf(merged.version));
    return c.json(merged, 200);
  });
}
