import {
  CustomFieldPatchSchema,
  CustomFieldRequestSchema,
  CustomFieldSchema,
  fieldProblem,
  invalid,
} from "@crm/domain";
import { CUSTOM_FIELD_ENTITIES } from "@crm/domain/constants";
import { type OpenAPIHono, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import { tenantSettings } from "../customer-access.js";
import type { AppEnv } from "../env.js";
import { nowOf } from "../env.js";
import { problemResponses } from "../problem.js";
import { protectedRoute } from "../protected-route.js";
import { ifMatchHeader, json, jsonBody } from "../schemas.js";
import { etagOf, expectedVersion } from "../versioning.js";

const CustomFieldResponse = CustomFieldSchema.meta({ id: "CustomField" });
const KeyParam = z.object({
  key: z
    .string()
    .min(1)
    .max(40)
    .openapi({ param: { name: "key", in: "path" } }),
});
const tags = ["Custom fields"];

const list = protectedRoute(
  { roles: "signed-in", idempotent: false, tags: tags },
  {
    method: "get",
    path: "/v1/custom-fields",
    summary: "The tenant's custom fields, removed ones too (their values stay readable)",
    request: { query: z.object({ entity: z.enum(CUSTOM_FIELD_ENTITIES).optional() }) },
    responses: {
      200: json(z.object({ items: z.array(CustomFieldResponse) })),
      ...problemResponses(400, 401),
    },
  },
);

const create = protectedRoute(
  { roles: ["admin"], idempotent: false, tags: tags },
  {
    method: "post",
    path: "/v1/custom-fields",
    summary: "Define a custom field on customers or contacts (admins)",
    request: { body: jsonBody(CustomFieldRequestSchema.meta({ id: "CustomFieldRequest" })) },
    responses: { 201: json(CustomFieldResponse, "Defined"), ...problemResponses(400, 401, 403, 409) },
  },
);

const edit = protectedRoute(
  { roles: ["admin"], idempotent: false, tags: tags },
  {
    method: "patch",
    path: "/v1/custom-fields/{key}",
    summary: "Change a custom field's label, whether it is required, or its options (admins)",
    request: {
      params: KeyParam,
      headers: ifMatchHeader,
      body: jsonBody(CustomFieldPatchSchema.meta({ id: "CustomFieldPatch" })),
    },
    responses: { 200: json(CustomFieldResponse), ...problemResponses(400, 401, 403, 404, 412, 428) },
  },
);

const remove = protectedRoute(
  { roles: ["admin"], idempotent: false, tags: tags },
  {
    method: "delete",
    path: "/v1/custom-fields/{key}",
    summary: "Remove a custom field from forms; values already written stay readable (admins)",
    request: { params: KeyParam },
    responses: { 204: { description: "Removed" }, ...problemResponses(401, 403, 404) },
  },
);

/** A key from the label in the company's language, with _2, _3… when taken (by a removed field too). */
async function derivedKey(c: Context<AppEnv>, label: { en?: string; "zh-CN"?: string }) {
  // Loaded here, not at a cold start: it brings the pinyin dictionary (see name-readings.ts).
  const [{ settings }, fields, { customFieldKeyForLabels, freeCustomFieldKey }] = await Promise.all([
    tenantSettings(c),
    c.var.tenant.customFields.list(true),
    import("@crm/domain/custom-field-key"),
  ]);
  return freeCustomFieldKey(
    // A label given in one language only: the key comes from that one.
    customFieldKeyForLabels({ en: label.en ?? "", "zh-CN": label["zh-CN"] ?? "" }, settings.locale),
    fields.map((field) => field.key),
  );
}

export function registerCustomFields(app: OpenAPIHono<AppEnv>) {
  app.openapi(list, async (c) => {
    const { entity } = c.req.valid("query");
    const fields = await c.var.tenant.customFields.list();
    return c.json({ items: fields.filter((field) => !entity || field.entity === entity) }, 200);
  });

  app.openapi(create, async (c) => {
    const { key, ...body } = c.req.valid("json");
    const field = await c.var.tenant.customFields.add({
      ...body,
      key: key ?? (await derivedKey(c, body.label)),
    });
    c.header("etag", etagOf(field.version));
    return c.json(field, 201);
  });

  app.openapi(edit, async (c) => {
    const version = expectedVersion(c);
    const patch = c.req.valid("json");
    if (Object.keys(patch).length === 0) throw invalid([fieldProblem("(body)", "nothing-to-change")]);
    const field = await c.var.tenant.customFields.update(c.req.valid("param").key, patch, version);
    c.header("etag", etagOf(field.version));
    return c.json(field, 200);
  });

  app.openapi(remove, async (c) => {
    await c.var.tenant.customFields.remove(c.req.valid("param").key, nowOf(c.var.deps).toISOString());
    return c.body(null, 204);
  });
}
