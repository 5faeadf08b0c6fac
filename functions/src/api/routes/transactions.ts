import {
  type CorrectionChange,
  CorrectionRequestSchema,
  invalid,
  occurredAtProblems,
  PurchasesSchema,
  TransactionRequestSchema,
  TransactionSchema,
  VoidRequestSchema,
} from "@crm/domain";
import { type OpenAPIHono, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import { sealedPage } from "../cursors.js";
import { revealingOnlyVisible, tenantSettings, visibleCustomer } from "../customer-access.js";
import type { AppEnv } from "../env.js";
import { actorOf, nowOf } from "../env.js";
import { callersRecords, idempotent } from "../idempotency.js";
import { problemResponses } from "../problem.js";
import { protectedRoute } from "../protected-route.js";
import { IdParam, json, jsonBody, pageOf, pageQuery } from "../schemas.js";

const TransactionResponse = TransactionSchema.meta({ id: "Transaction" });
const Recorded = z
  .object({ transaction: TransactionResponse, purchases: PurchasesSchema.meta({ id: "Purchases" }) })
  .meta({ id: "RecordedTransaction" });

const idempotentRecord = idempotent("transactions.record", { records: callersRecords });

const record = protectedRoute(
  { roles: "signed-in", idempotent: true, tags: ["Customers"] },
  {
    method: "post",
    path: "/v1/customers/{id}/transactions",
    summary: "Record a purchase or refund; the customer's purchase aggregates move with it",
    request: {
      params: IdParam,
      body: jsonBody(TransactionRequestSchema.meta({ id: "TransactionRequest" })),
    },
    responses: {
      201: json(Recorded, "Recorded"),
      200: json(Recorded, "Already recorded under this external reference: nothing changed"),
      ...problemResponses(400, 401, 404, 409, 422),
    },
  },
);

const list = protectedRoute(
  { roles: "signed-in", idempotent: false, tags: ["Customers"] },
  {
    method: "get",
    path: "/v1/customers/{id}/transactions",
    summary: "A customer's transactions, the latest first",
    request: {
      params: IdParam,
      query: pageQuery(25),
    },
    responses: {
      200: json(pageOf(TransactionResponse)),
      ...problemResponses(400, 401, 404),
    },
  },
);

const TransactionParams = z.object({
  id: IdParam.shape.id,
  transactionId: z
    .string()
    .min(1)
    .max(100)
    .openapi({ param: { name: "transactionId", in: "path" } }),
});
/**
 * transaction: the entry, voided now (it counts in no aggregate); reversal:
 * the reversing entry (`reverses` names the entry); correction: for a
 * correction, the entry that replaces it (`corrects`); purchases: the
 * aggregates after.
 */
const Corrected = z
  .object({
    transaction: TransactionResponse,
    reversal: TransactionResponse,
    correction: TransactionResponse.optional(),
    purchases: PurchasesSchema,
  })
  .meta({ id: "CorrectedTransaction" });

const idempotentVoid = idempotent("transactions.void", { records: callersRecords });
const idempotentCorrect = idempotent("transactions.correct", { records: callersRecords });

const voidRoute = protectedRoute(
  { roles: "signed-in", idempotent: true, tags: ["Customers"] },
  {
    method: "post",
    path: "/v1/customers/{id}/transactions/{transactionId}/void",
    summary:
      "Void a wrong purchase or refund: it is kept, marked voided, and a reversing entry cancels it; the aggregates move in the same transaction",
    request: {
      params: TransactionParams,
      body: jsonBody(VoidRequestSchema.meta({ id: "VoidRequest" })),
    },
    responses: {
      201: json(Corrected, "Voided"),
      ...problemResponses(400, 401, 404, 409, 410, 422),
    },
  },
);

const correctRoute = protectedRoute(
  { roles: "signed-in", idempotent: true, tags: ["Customers"] },
  {
    method: "post",
    path: "/v1/customers/{id}/transactions/{transactionId}/correct",
    summary:
      "Correct a purchase or refund: it is voided by a reversing entry and the corrected entry is recorded, in one transaction with the aggregates",
    request: {
      params: TransactionParams,
      body: jsonBody(CorrectionRequestSchema.meta({ id: "CorrectionRequest" })),
    },
    responses: {
      201: json(Corrected, "Corrected"),
      ...problemResponses(400, 401, 404, 409, 410, 422),
    },
  },
);

/** A transaction dated more than a day after the server's now is refused (it would skew every score). */
function refuseFuture(c: Context<AppEnv>, occurredAt: string | undefined) {
  const problems = occurredAt === undefined ? [] : occurredAtProblems(occurredAt, nowOf(c.var.deps));
  if (problems.length > 0) throw invalid(problems);
}

/** Voids a transaction (no change) or corrects it (a change), as the void and correct routes answer it. */
async function corrected(
  c: Context<AppEnv>,
  customerId: string,
  transactionId: string,
  correction: { reason: string; change?: CorrectionChange },
) {
  const { tenant, principal, deps } = c.var;
  const { timeZone } = (await tenantSettings(c)).settings;
  const result = await revealingOnlyVisible(c, () =>
    tenant.transactions.correct(
      customerId,
      transactionId,
      correction,
      actorOf(principal),
      nowOf(deps).toISOString(),
      timeZone,
    ),
  );
  return c.json(result, 201);
}

export function registerTransactions(app: OpenAPIHono<AppEnv>) {
  app.openapi(record, async (c) => {
    const { id } = c.req.valid("param");
    const { tenant, deps } = c.var;
    const input = c.req.valid("json");
    refuseFuture(c, input.occurredAt);
    await visibleCustomer(c, id);
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

  app.openapi(voidRoute, async (c) => {
    const { id, transactionId } = c.req.valid("param");
    await visibleCustomer(c, id);
    const { reason } = c.req.valid("json");
    return idempotentVoid(c, () => corrected(c, id, transactionId, { reason }));
  });

  app.openapi(correctRoute, async (c) => {
    const { id, transactionId } = c.req.valid("param");
    const { reason, ...change } = c.req.valid("json");
    refuseFuture(c, change.occurredAt);
    await visibleCustomer(c, id);
    return idempotentCorrect(c, () => corrected(c, id, transactionId, { reason, change }));
  });
}
