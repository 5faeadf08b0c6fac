import { request } from "node:http";
import { beforeAll, describe, expect, it } from "vitest";
import {
  addMember,
  call,
  crm,
  ifMatch,
  type Member,
  purchase,
  signUpTenant,
  type TestTenant,
} from "../support/api.js";

/**
 * A body past the API's limit, on a connection of its own: the server answers
 * before reading it all and closes that connection, which a pooled client
 * would otherwise try to reuse for the next test's request.
 */
function sendOversized(path: string, token: string, body: unknown): Promise<{ status: number; body: any }> {
  return new Promise((resolve, reject) => {
    const sent = request(
      new URL(path, crm().url),
      {
        method: "POST",
        agent: false,
        headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      },
      (answer) => {
        let text = "";
        answer.on("data", (chunk) => {
          text += chunk;
        });
        answer.on("end", () => resolve({ status: answer.statusCode ?? 0, body: JSON.parse(text) }));
      },
    );
    // The server may close its side while the rest of the body is still on its way.
    sent.on("error", (error: NodeJS.ErrnoException) => (error.code === "EPIPE" ? undefined : reject(error)));
    sent.end(JSON.stringify(body));
  });
}

/**
 * Requests an attacker (or a buggy client) sends to the new routes: bodies
 * far past their bounds, and the same change sent twice at once. Each is
 * refused whole or decided once; nothing is half written.
 */
describe("hostile requests", () => {
  let tenant: TestTenant;
  let rep: Member;
  let customer: { id: string; version: number; ownerId: string };

  const readCustomer = async () =>
    (await call("GET", `/v1/customers/${customer.id}`, { token: tenant.admin.token })).body;

  beforeAll(async () => {
    tenant = await signUpTenant("hostile");
    rep = await addMember(tenant.admin.token, "rep", "hostile-rep");
    customer = (
      await call("POST", "/v1/customers", {
        token: tenant.admin.token,
        body: { kind: "person", name: "Target" },
      })
    ).body;
  });

  it("refuses a reassignment of thousands of customers whole, with a short answer, and moves none", async () => {
    // Under the 256 KiB body limit: the schema's bound of 100 answers.
    const sameId = Array.from({ length: 4_000 }, () => ({ id: customer.id, version: 1 }));
    const many = await call("POST", "/v1/customers/reassign", {
      token: tenant.admin.token,
      body: { ownerId: rep.id, customers: sameId },
    });
    expect(many.status).toBe(400);
    expect(many.body.code).toBe("invalid-fields");
    expect(many.body.errors.map((error: { path: string }) => error.path)).toContain("customers");
    // The answer does not grow with the request (no problem per repeated id).
    expect(JSON.stringify(many.body).length).toBeLessThan(16 * 1024);
    // Past the body limit: refused before anything is parsed.
    const huge = Array.from({ length: 10_000 }, (_, i) => ({ id: `${customer.id}-${i}`, version: 1 }));
    const tooLarge = await sendOversized("/v1/customers/reassign", tenant.admin.token, {
      ownerId: rep.id,
      customers: huge,
    });
    expect(tooLarge.status).toBe(413);
    expect(tooLarge.body.code).toBe("payload-too-large");
    expect(await readCustomer()).toMatchObject({ ownerId: customer.ownerId, version: customer.version });
  });

  it("refuses a 1 MB reason to void a purchase, and the purchase stays", async () => {
    const bought = await call("POST", `/v1/customers/${customer.id}/transactions`, {
      token: tenant.admin.token,
      body: purchase(10, "2026-01-05T10:00:00Z", { currency: "USD" }),
    });
    expect(bought.status, JSON.stringify(bought.body)).toBe(201);
    const path = `/v1/customers/${customer.id}/transactions/${bought.body.transaction.id}`;
    for (const action of ["void", "correct"]) {
      const answer = await sendOversized(`${path}/${action}`, tenant.admin.token, {
        reason: "x".repeat(1024 * 1024),
        ...(action === "correct" && { amount: 5 }),
      });
      expect(answer.status, action).toBe(413);
    }
    const list = await call("GET", `/v1/customers/${customer.id}/transactions`, {
      token: tenant.admin.token,
    });
    expect(list.body.items).toHaveLength(1);
    expect(list.body.items[0].voided).toBeUndefined();
  });

  it("voids a purchase once when two voids race; the loser is told it is voided", async () => {
    const bought = await call("POST", `/v1/customers/${customer.id}/transactions`, {
      token: tenant.admin.token,
      body: purchase(20, "2026-01-06T10:00:00Z", { currency: "USD" }),
    });
    const path = `/v1/customers/${customer.id}/transactions/${bought.body.transaction.id}/void`;
    const answers = await Promise.all(
      ["first", "second"].map((reason) =>
        call("POST", path, { token: tenant.admin.token, body: { reason } }),
      ),
    );
    expect(answers.map((answer) => answer.status).sort()).toEqual([201, 409]);
    expect(answers.find((answer) => answer.status === 409)?.body.code).toBe("transaction-voided");
    const list = await call("GET", `/v1/customers/${customer.id}/transactions?limit=100`, {
      token: tenant.admin.token,
    });
    const reversals = list.body.items.filter(
      (entry: { reverses?: string }) => entry.reverses === bought.body.transaction.id,
    );
    expect(reversals).toHaveLength(1);
  });

  it("applies one of two edits made against the same version; the other answers 412", async () => {
    const current = await readCustomer();
    const answers = await Promise.all(
      [rep.id, tenant.admin.id].map((ownerId, i) =>
        call("PATCH", `/v1/customers/${customer.id}`, {
          token: tenant.admin.token,
          headers: ifMatch(current.version),
          body: { name: `Edited ${i}`, ownerId },
        }),
      ),
    );
    expect(answers.map((answer) => answer.status).sort()).toEqual([200, 412]);
    const won = answers.find((answer) => answer.status === 200)?.body;
    expect(await readCustomer()).toMatchObject({
      name: won.name,
      ownerId: won.ownerId,
      version: current.version + 1,
    });
  });
});
