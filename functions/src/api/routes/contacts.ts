import {
  ContactPatchRequestSchema,
  ContactRequestSchema,
  ContactSchema,
  contactPatchSchema,
  fail,
  newContactSchema,
} from "@crm/domain";
import { type OpenAPIHono, z } from "@hono/zod-openapi";
import {
  parseWithCustomFields,
  tenantSettings,
  visibleCustomer,
  withTenantProblems,
} from "../customer-access.js";
import type { AppEnv } from "../env.js";
import { nowOf } from "../env.js";
import { problemResponses } from "../problem.js";
import { protectedRoute } from "../protected-route.js";
import { IdParam, ifMatchHeader, json, jsonBody } from "../schemas.js";
import { etagOf, expectedVersion } from "../versioning.js";

const ContactResponse = ContactSchema.meta({ id: "Contact" });
const param = (name: string) =>
  z
    .string()
    .min(1)
    .max(100)
    .openapi({ param: { name, in: "path" } });
const ContactParams = z.object({ id: param("id"), contactId: param("contactId") });

const list = protectedRoute(
  { roles: "signed-in", idempotent: false, tags: ["Customers"] },
  {
    method: "get",
    path: "/v1/customers/{id}/contacts",
    summary: "The people at a company customer, the primary contact first",
    request: { params: IdParam },
    responses: { 200: json(z.object({ items: z.array(ContactResponse) })), ...problemResponses(401, 404) },
  },
);

const create = protectedRoute(
  { roles: "signed-in", idempotent: false, tags: ["Customers"] },
  {
    method: "post",
    path: "/v1/customers/{id}/contacts",
    summary: "Add a contact to a company customer",
    request: { params: IdParam, body: jsonBody(ContactRequestSchema.meta({ id: "ContactRequest" })) },
    responses: { 201: json(ContactResponse, "Added"), ...problemResponses(400, 401, 404, 409) },
  },
);

const edit = protectedRoute(
  { roles: "signed-in", idempotent: false, tags: ["Customers"] },
  {
    method: "patch",
    path: "/v1/customers/{id}/contacts/{contactId}",
    summary: "Change a contact; send If-Match with the version edited",
    request: {
      params: ContactParams,
      headers: ifMatchHeader,
      body: jsonBody(ContactPatchRequestSchema.meta({ id: "ContactPatch" })),
    },
    responses: { 200: json(ContactResponse), ...problemResponses(400, 401, 404, 412, 428) },
  },
);

const remove = protectedRoute(
  { roles: "signed-in", idempotent: false, tags: ["Customers"] },
  {
    method: "delete",
    path: "/v1/customers/{id}/contacts/{contactId}",
    summary: "Remove a contact",
    request: { params: ContactParams },
    responses: { 204: { description: "Removed" }, ...problemResponses(401, 404) },
  },
);

export function registerContacts(app: OpenAPIHono<AppEnv>) {
  app.openapi(list, async (c) => {
    const { id } = c.req.valid("param");
    await visibleCustomer(c, id);
    return c.json({ items: await c.var.tenant.contacts.list(id) }, 200);
  });

  app.openapi(
    create,
    async (c) => {
      const { id } = c.req.valid("param");
      const { tenant, deps } = c.var;
      const customer = await visibleCustomer(c, id, true);
      if (customer.kind !== "company") throw fail("person-has-no-contacts");
      const { settings } = await tenantSettings(c);
      const input = await parseWithCustomFields(
        c,
        newContactSchema(settings.phoneRegion),
        c.req.valid("json"),
        "contact",
        "create",
      );
      const now = nowOf(deps).toISOString();
      const contact = await tenant.contacts.create({
        ...input,
        id: crypto.randomUUID(),
        customerId: id,
        createdAt: now,
        updatedAt: now,
        version: 1,
      });
      c.header("etag", etagOf(contact.version));
      return c.json(contact, 201);
    },
    withTenantProblems("contact", "create", newContactSchema),
  );

  app.openapi(
    edit,
    async (c) => {
      const { id, contactId } = c.req.valid("param");
      const { tenant, deps } = c.var;
      const version = expectedVersion(c);
      await visibleCustomer(c, id);
      const { settings } = await tenantSettings(c);
      const patch = await parseWithCustomFields(
        c,
        contactPatchSchema(settings.phoneRegion),
        c.req.valid("json"),
        "contact",
        "patch",
      );
      const contact = await tenant.contacts.update(id, contactId, patch, version, nowOf(deps).toISOString());
      c.header("etag", etagOf(contact.version));
      return c.json(contact, 200);
    },
    withTenantProblems("contact", "patch", contactPatchSchema),
  );

  app.openapi(remove, async (c) => {
    const { id, contactId } = c.req.valid("param");
    await visibleCustomer(c, id);
    await c.var.tenant.contacts.remove(id, contactId);
    return c.body(null, 204);
  });
}
