import { PurchasesSchema, TransactionRequestSchema, TransactionSchema } from "@crm/domain";
import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import { authenticate } from "../authenticate.js";
import { sealedPage } from "../cursors.js";
import { revealingOnlyVisible, tenantSettings, visibleCustomer } from "../customer-access.js";
import type { AppEnv } from "../env.js";
import { nowOf } from "../env.js";
import { idempotent } from "../idempotency.js";
import { problemResponses } from "../problem.js";
import { IdParam, idempotencyHeader, json, jsonBody, pageOf, pageQuery } from "../schemas.js";

const TransactionResponse = TransactionSchema.meta({ id: "Transaction" });
const Recorded = z
  .object({ transaction: TransactionResponse, purchases: PurchasesSchema.meta({ id: "Purchases" }) })
  .meta({ id: "RecordedTransaction" });

const idempotentRecord = idempotent("transactions.record", {
  records: (c) => ({ repository: c.var.tenant.idempotency, owner: c.var.principal.userId }),
});

const record = createRoute({
  security: [{ bearer: [] }],
  tags: ["Customers"],
  method: "post",
  path: "/v1/customers/{id}/transactions",
  summary: "Record a purchase or refund; the customer's purchase aggregates move with it",
  middleware: [authenticate],
  request: {
    params: IdParam,
    headers: idempotencyHeader,
    body: jsonBody(TransactionRequestSchema.meta({ id: "TransactionRequest" })),
  },
  responses: {
    201: json(Recorded, "Recorded"),
    200: json(Recorded, "Already recorded under this external reference: nothing changed"),
    ...problemResponses(400, 401, 404, 409, 422),
  },
});

const list = createRoute({
  security: [{ bearer: [] }],
  tags: ["Customers"],
  method: "get",
  path: "/v1/customers/{id}/transactions",
  summary: "A customer's transactions, the latest first",
  middleware: [authenticate],
  request: {
    params: IdParam,
    query: pageQuery(25),
  },
  responses: {
    200: json(pageOf(TransactionResponse)),
    ...problemResponses(400, 401, 404),
  },
});

export function registerTransactions(app: OpenAPIHono<AppEnv>) {
  app.openapi(record, async (c) => {
    const { id } = c.req.valid("param");
    const { tenant, deps } = c.var;
    await visibleCustomer(c, id);
    const input = c.req.valid("json");
    return idempotentRecord(c, async () => {
      const now = nowOf(deps).toISOString();
      const { timeZone } = (await tenantSettings(c)).settings;
      const result = await revealingOnlyVisible(c, () =>
        tenant.transactions.record(
          {
            ...input,
            occurredAt: new Date(input.occurredAt).toISOString(),
            id: crypto.randomUUID(),
            customerId: id,
            createdAt: now,
          },
          now,
          timeZone,
        ),
      );
      const { replayed, ...recorded } = result;
      return replayed ? c.json(recorded, 200) : c.json(recorded, 201);
    });
  });

  app.openapi(list, async (c) => {
    const { id } = c.req.valid("param");
    await visibleCustomer(c, id);
    const { limit } = c.req.valid("query");
    return c.json(
      await sealedPage(c, (cursor) => c.var.tenant.transactions.list(id, { cursor, limit })),
      200,
    );
  });
}
