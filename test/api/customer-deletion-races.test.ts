import { describe, expect, it } from "vitest";
import { type Answer, addMember, call, ifMatch, purchase, signUpTenant } from "../support/api.js";

/**
 * Deletes and restores that meet another write on the same customer, as when
 * two people act on it at once or a phone retries. Each race runs a number of
 * rounds, so either writer comes first in some of them; whichever does, the
 * answers are the ones the two would get one after the other, never a 5xx.
 */
const ROUNDS = 10;

/** A new tenant's customers buy in its currency. */
const inDollars = { currency: "USD" };

const statusesOf = (answers: Answer[]) => answers.map((answer) => answer.status).sort();

async function newCustomer(token: string, name: string) {
  const created = await call("POST", "/v1/customers", { token, body: { kind: "person", name } });
  expect(created.status).toBe(201);
  return created.body as { id: string; version: number };
}

describe("customer deletion races", () => {
  it("two deletes at once: one deletes, the other finds no customer, as a second delete does", async () => {
    const { admin } = await signUpTenant("race-delete");
    for (let round = 0; round < ROUNDS; round++) {
      const { id } = await newCustomer(admin.token, `Twice deleted ${round}`);
      const answers = await Promise.all([
        call("DELETE", `/v1/customers/${id}`, { token: admin.token }),
        call("DELETE", `/v1/customers/${id}`, { token: admin.token }),
      ]);
      expect(statusesOf(answers), `round ${round}`).toEqual([204, 404]);
      expect(answers.find((answer) => answer.status === 404)?.body.code).toBe("customer-not-found");
      // Deleted once: restored, its history holds one delete.
      expect((await call("POST", `/v1/customers/${id}/restore`, { token: admin.token })).status).toBe(200);
      const history = await call("GET", `/v1/customers/${id}/history`, { token: admin.token });
      expect(history.body.items.map((entry: { action: string }) => entry.action)).toEqual([
        "restored",
        "deleted",
        "created",
      ]);
    }
  });

  it("a delete racing an edit deletes whichever version is there: the edit comes back on restore", async () => {
    const { admin } = await signUpTenant("race-delete-edit");
    for (let round = 0; round < ROUNDS; round++) {
      const { id, version } = await newCustomer(admin.token, `Edited ${round}`);
      const [deleted, edited] = await Promise.all([
        call("DELETE", `/v1/customers/${id}`, { token: admin.token }),
        call("PATCH", `/v1/customers/${id}`, {
          token: admin.token,
          body: { name: `Renamed ${round}` },
          headers: ifMatch(version),
        }),
      ]);
      expect(deleted.status, `round ${round}`).toBe(204);
      // Deleted first, the edit finds no customer.
      expect([200, 404], `round ${round}`).toContain(edited.status);
      expect((await call("GET", `/v1/customers/${id}`, { token: admin.token })).status).toBe(404);
      const restored = await call("POST", `/v1/customers/${id}/restore`, { token: admin.token });
      expect(restored.status).toBe(200);
      expect(restored.body.name).toBe(edited.status === 200 ? `Renamed ${round}` : `Edited ${round}`);
    }
  });

  it("two restores at once: one restores, the other finds nothing to restore, as a second restore does", async () => {
    const { admin } = await signUpTenant("race-restore");
    for (let round = 0; round < ROUNDS; round++) {
      const { id } = await newCustomer(admin.token, `Twice restored ${round}`);
      expect((await call("DELETE", `/v1/customers/${id}`, { token: admin.token })).status).toBe(204);
      const answers = await Promise.all([
        call("POST", `/v1/customers/${id}/restore`, { token: admin.token }),
        call("POST", `/v1/customers/${id}/restore`, { token: admin.token }),
      ]);
      expect(statusesOf(answers), `round ${round}`).toEqual([200, 404]);
      const sequential = await call("POST", `/v1/customers/${id}/restore`, { token: admin.token });
      expect(sequential.status).toBe(404);
      expect(answers.find((answer) => answer.status === 404)?.body.code).toBe(sequential.body.code);
      expect((await call("GET", `/v1/customers/${id}`, { token: admin.token })).status).toBe(200);
    }
  });

  it("a purchase racing a delete is counted in the aggregates once the customer is restored", async () => {
    const { admin } = await signUpTenant("race-delete-purchase");
    for (let round = 0; round < ROUNDS; round++) {
      const { id } = await newCustomer(admin.token, `Buyer ${round}`);
      const [bought, deleted] = await Promise.all([
        call("POST", `/v1/customers/${id}/transactions`, {
          token: admin.token,
          body: purchase(1_000 + round, "2026-03-01T10:00:00Z", inDollars),
        }),
        call("DELETE", `/v1/customers/${id}`, { token: admin.token }),
      ]);
      expect(deleted.status, `round ${round}`).toBe(204);
      // Deleted first, the purchase finds no customer.
      expect([201, 404], `round ${round}`).toContain(bought.status);
      expect((await call("POST", `/v1/customers/${id}/restore`, { token: admin.token })).status).toBe(200);
      const [customer, transactions] = await Promise.all([
        call("GET", `/v1/customers/${id}`, { token: admin.token }),
        call("GET", `/v1/customers/${id}/transactions?limit=100`, { token: admin.token }),
      ]);
      const recorded = transactions.body.items.filter((entry: { kind: string }) => entry.kind === "purchase");
      expect(recorded.length, `round ${round}`).toBe(bought.status === 201 ? 1 : 0);
      expect(customer.body.purchases?.count ?? 0, `round ${round}`).toBe(recorded.length);
      // A purchase after the restore counts on top of it.
      const later = await call("POST", `/v1/customers/${id}/transactions`, {
        token: admin.token,
        body: purchase(500, "2026-03-02T10:00:00Z", inDollars),
      });
      expect(later.status).toBe(201);
      const after = await call("GET", `/v1/customers/${id}`, { token: admin.token });
      expect(after.body.purchases.count).toBe(recorded.length + 1);
    }
  });

  it("a rep's delete racing a reassignment away from them deletes only while the customer is theirs", async () => {
    const { admin } = await signUpTenant("race-delete-reassign");
    const settings = await call("GET", "/v1/tenant/settings", { token: admin.token });
    const own = await call("PATCH", "/v1/tenant/settings", {
      token: admin.token,
      headers: ifMatch(settings.body.version),
      body: { repVisibility: "own" },
    });
    expect(own.status, JSON.stringify(own.body)).toBe(200);
    const [one, two] = await Promise.all([
      addMember(admin.token, "rep", "race-one"),
      addMember(admin.token, "rep", "race-two"),
    ]);
    for (let round = 0; round < ROUNDS; round++) {
      const created = await call("POST", "/v1/customers", {
        token: admin.token,
        body: { kind: "person", name: `Handed over ${round}`, ownerId: one.id },
      });
      expect(created.status).toBe(201);
      const { id, version } = created.body as { id: string; version: number };
      const [deleted, moved] = await Promise.all([
        call("DELETE", `/v1/customers/${id}`, { token: one.token }),
        call("PATCH", `/v1/customers/${id}`, {
          token: admin.token,
          headers: ifMatch(version),
          body: { ownerId: two.id },
        }),
      ]);
      // One after the other, whichever came first: never both, so Rep One never deletes Rep Two's customer.
      const outcome = [deleted.status, moved.status];
      expect(
        [
          [204, 404],
          [404, 200],
        ],
        `round ${round}: ${JSON.stringify(outcome)}`,
      ).toContainEqual(outcome);
      if (moved.status === 200) {
        expect((await call("GET", `/v1/customers/${id}`, { token: two.token })).status).toBe(200);
      }
    }
  });
});
