import { ScanCommand } from "@aws-sdk/client-dynamodb";
import { createDynamoClient } from "@crm/data";
import { dynamoConnection } from "@crm/functions/config";
import { beforeAll, describe, expect, it } from "vitest";
import {
  type Answer,
  addMember,
  call,
  crm,
  ifMatch,
  type Member,
  signUpTenant,
  type TestTenant,
  uniqueEmail,
} from "../support/api.js";
import { until, uploadImport, utf8 } from "../support/imports.js";
import { claimsOf, forgeToken } from "../support/tokens.js";

/**
 * Tenant isolation, table-driven: every route is called by tenant B with
 * tenant A's ids (and with forged tokens). Each row says what B must get;
 * after each call, tenant A must look exactly as before. A new route joins
 * by adding a row: the last test fails for any route without one.
 */
type World = {
  a: TestTenant & {
    rep: Member;
    invitedId: string;
    customerId: string;
    customerEmail: string;
    transactionId: string;
    cursor: string;
    companyId: string;
    contactId: string;
    importId: string;
    exportId: string;
    runId: string;
  };
  b: TestTenant & { invitationToken: string; resetToken: string };
};

type Row = {
  route: string;
  /** The call B makes, aimed at A. */
  attempt: (world: World) => Promise<Answer>;
  /** What B must get: a status, and where B gets an answer, proof it holds only B's data. */
  expectStatus: number;
  check?: (answer: Answer, world: World) => void;
};

const noneOf = (answer: Answer, world: World) => {
  const text = JSON.stringify(answer.body);
  for (const secret of [
    world.a.tenantId,
    world.a.admin.id,
    world.a.rep.id,
    world.a.admin.email,
    "Alpha Ltd",
    "alpha_secret",
  ]) {
    expect(text).not.toContain(secret);
  }
};

const ROWS: Row[] = [
  {
    route: "GET /v1/me",
    attempt: ({ b }) => call("GET", "/v1/me", { token: b.admin.token }),
    expectStatus: 200,
    check: (answer, world) => {
      expect(answer.body.tenant.id).toBe(world.b.tenantId);
      noneOf(answer, world);
    },
  },
  {
    route: "GET /v1/users",
    attempt: ({ b }) => call("GET", "/v1/users", { token: b.admin.token }),
    expectStatus: 200,
    check: noneOf,
  },
  {
    route: "POST /v1/users",
    attempt: ({ b }) =>
      call("POST", "/v1/users", {
        token: b.admin.token,
        body: { email: uniqueEmail("b-new"), name: "B new", role: "rep" },
      }),
    expectStatus: 201,
    check: (answer) =>
      expect(answer.body.invitation.token.startsWith(`${answer.body.invitation.token.split(".")[0]}.`)).toBe(
        true,
      ),
  },
  {
    route: "GET /v1/users/{id}",
    attempt: ({ a, b }) => call("GET", `/v1/users/${a.rep.id}`, { token: b.admin.token }),
    expectStatus: 404,
  },
  {
    route: "PATCH /v1/users/{id}",
    attempt: ({ a, b }) =>
      call("PATCH", `/v1/users/${a.admin.id}`, {
        token: b.admin.token,
        headers: ifMatch(1),
        body: { active: false },
      }),
    expectStatus: 404,
  },
  {
    route: "POST /v1/users/{id}/invitation",
    attempt: ({ a, b }) => call("POST", `/v1/users/${a.invitedId}/invitation`, { token: b.admin.token }),
    expectStatus: 404,
  },
  {
    // An admin's reset link for the other tenant's user: as for a user who does not exist.
    route: "POST /v1/users/{id}/password-reset",
    attempt: ({ a, b }) => call("POST", `/v1/users/${a.rep.id}/password-reset`, { token: b.admin.token }),
    expectStatus: 404,
  },
  {
    // My own password only: with A's admin's password as the current one, B's admin is refused.
    route: "POST /v1/me/password",
    attempt: ({ a, b }) =>
      call("POST", "/v1/me/password", {
        token: b.admin.token,
        body: { currentPassword: a.admin.password.replace("Correct", "Wrong"), newPassword: "Takeover-1234" },
      }),
    expectStatus: 400,
    check: (answer) =>
      expect(answer.body.errors).toEqual([expect.objectContaining({ path: "currentPassword" })]),
  },
  {
    // Public: answered alike for any email; A's admin may get a mail, and nothing of A changes or shows.
    route: "POST /v1/auth/forgot-password",
    attempt: ({ a }) => call("POST", "/v1/auth/forgot-password", { body: { email: a.admin.email } }),
    expectStatus: 202,
    check: (answer) => expect(answer.body).toBeNull(),
  },
  {
    route: "POST /v1/auth/reset-password",
    // B's genuine reset secret, pointed at A's tenant: it must not set any password there.
    attempt: ({ a, b }) =>
      call("POST", "/v1/auth/reset-password", {
        body: { token: `${a.tenantId}.${b.resetToken.split(".")[1]}`, password: "Takeover-123" },
      }),
    expectStatus: 410,
  },
  {
    route: "GET /v1/tenant/settings",
    attempt: ({ b }) => call("GET", "/v1/tenant/settings", { token: b.admin.token }),
    expectStatus: 200,
    check: (answer, world) => {
      expect(answer.body.companyName).toBe("Bravo Ltd");
      noneOf(answer, world);
    },
  },
  {
    route: "PATCH /v1/tenant/settings",
    attempt: async ({ b }) => {
      const { body } = await call("GET", "/v1/tenant/settings", { token: b.admin.token });
      return call("PATCH", "/v1/tenant/settings", {
        token: b.admin.token,
        headers: ifMatch(body.version),
        body: { currency: "JPY", repVisibility: "own" },
      });
    },
    expectStatus: 200,
  },
  {
    route: "GET /v1/tenant/seats",
    attempt: ({ b }) => call("GET", "/v1/tenant/seats?days=366", { token: b.admin.token }),
    expectStatus: 200,
    check: noneOf,
  },
  {
    route: "POST /v1/customers",
    attempt: ({ b }) =>
      call("POST", "/v1/customers", { token: b.admin.token, body: { kind: "person", name: "B's own" } }),
    expectStatus: 201,
    check: noneOf,
  },
  {
    route: "GET /v1/customers",
    // Looking A's customer up by its email, from B, finds nothing.
    attempt: ({ a, b }) =>
      call("GET", `/v1/customers?email=${encodeURIComponent(a.customerEmail)}`, { token: b.admin.token }),
    expectStatus: 200,
    check: (answer, world) => {
      expect(answer.body.items).toEqual([]);
      noneOf(answer, world);
    },
  },
  {
    route: "GET /v1/customers/{id}",
    attempt: ({ a, b }) => call("GET", `/v1/customers/${a.customerId}`, { token: b.admin.token }),
    expectStatus: 404,
  },
  {
    route: "PATCH /v1/customers/{id}",
    attempt: ({ a, b }) =>
      call("PATCH", `/v1/customers/${a.customerId}`, {
        token: b.admin.token,
        headers: ifMatch(1),
        body: { name: "Taken over" },
      }),
    expectStatus: 404,
  },
  {
    route: "POST /v1/customers/{id}/transactions",
    attempt: ({ a, b }) =>
      call("POST", `/v1/customers/${a.customerId}/transactions`, {
        token: b.admin.token,
        body: { occurredAt: "2026-01-01T00:00:00Z", amount: 100, currency: "USD", kind: "purchase" },
      }),
    expectStatus: 404,
  },
  {
    route: "GET /v1/customers/{id}/transactions",
    attempt: ({ a, b }) =>
      call("GET", `/v1/customers/${a.customerId}/transactions`, { token: b.admin.token }),
    expectStatus: 404,
  },
  ...(["void", "correct"] as const).map(
    (action): Row => ({
      route: `POST /v1/customers/{id}/transactions/{transactionId}/${action}`,
      // A's transaction under A's customer, then under a customer of B's own.
      attempt: async ({ a, b }) => {
        const body = { reason: "Taken over", ...(action === "correct" && { amount: 1 }) };
        const direct = await call(
          "POST",
          `/v1/customers/${a.customerId}/transactions/${a.transactionId}/${action}`,
          {
            token: b.admin.token,
            body,
          },
        );
        if (direct.status !== 404) return direct;
        const own = await call("POST", "/v1/customers", {
          token: b.admin.token,
          body: { kind: "person", name: "Bravo's buyer" },
        });
        return call("POST", `/v1/customers/${own.body.id}/transactions/${a.transactionId}/${action}`, {
          token: b.admin.token,
          body,
        });
      },
      expectStatus: 404,
    }),
  ),
  {
    route: "GET /v1/customers/{id}/contacts",
    attempt: ({ a, b }) => call("GET", `/v1/customers/${a.companyId}/contacts`, { token: b.admin.token }),
    expectStatus: 404,
  },
  {
    route: "POST /v1/customers/{id}/contacts",
    attempt: ({ a, b }) =>
      call("POST", `/v1/customers/${a.companyId}/contacts`, { token: b.admin.token, body: { name: "Spy" } }),
    expectStatus: 404,
  },
  {
    route: "PATCH /v1/customers/{id}/contacts/{contactId}",
    attempt: ({ a, b }) =>
      call("PATCH", `/v1/customers/${a.companyId}/contacts/${a.contactId}`, {
        token: b.admin.token,
        headers: ifMatch(1),
        body: { name: "Renamed" },
      }),
    expectStatus: 404,
  },
  {
    route: "DELETE /v1/customers/{id}/contacts/{contactId}",
    attempt: ({ a, b }) =>
      call("DELETE", `/v1/customers/${a.companyId}/contacts/${a.contactId}`, { token: b.admin.token }),
    expectStatus: 404,
  },
  {
    route: "DELETE /v1/customers/{id}",
    attempt: ({ a, b }) => call("DELETE", `/v1/customers/${a.customerId}`, { token: b.admin.token }),
    expectStatus: 404,
  },
  {
    route: "POST /v1/customers/{id}/restore",
    attempt: ({ a, b }) => call("POST", `/v1/customers/${a.customerId}/restore`, { token: b.admin.token }),
    expectStatus: 404,
  },
  {
    route: "POST /v1/customers/{id}/erase",
    attempt: ({ a, b }) => call("POST", `/v1/customers/${a.customerId}/erase`, { token: b.admin.token }),
    expectStatus: 404,
  },
  {
    route: "POST /v1/customers/{id}/merge",
    // Both ways: A's customer as the survivor of B's, and A's customer as B's duplicate.
    attempt: async ({ a, b }) => {
      const own = await call("POST", "/v1/customers", {
        token: b.admin.token,
        body: { kind: "company", name: "Bravo's own" },
      });
      const intoA = await call("POST", `/v1/customers/${a.customerId}/merge`, {
        token: b.admin.token,
        body: { duplicateId: own.body.id },
      });
      if (intoA.status !== 404) return intoA;
      return call("POST", `/v1/customers/${own.body.id}/merge`, {
        token: b.admin.token,
        body: { duplicateId: a.companyId },
      });
    },
    expectStatus: 404,
  },
  {
    route: "GET /v1/custom-fields",
    attempt: ({ b }) => call("GET", "/v1/custom-fields", { token: b.admin.token }),
    expectStatus: 200,
    check: noneOf,
  },
  {
    route: "POST /v1/custom-fields",
    // B defines its own field: it lands in B, and A's fields stay as they were.
    attempt: ({ b }) =>
      call("POST", "/v1/custom-fields", {
        token: b.admin.token,
        body: { key: "bravo_field", entity: "customer", label: { en: "B", "zh-CN": "B" }, type: "text" },
      }),
    expectStatus: 201,
  },
  {
    route: "PATCH /v1/custom-fields/{key}",
    attempt: ({ b }) =>
      call("PATCH", "/v1/custom-fields/alpha_secret", {
        token: b.admin.token,
        headers: ifMatch(1),
        body: { required: true },
      }),
    expectStatus: 404,
  },
  {
    route: "DELETE /v1/custom-fields/{key}",
    attempt: ({ b }) => call("DELETE", "/v1/custom-fields/alpha_secret", { token: b.admin.token }),
    expectStatus: 404,
  },
  {
    route: "POST /v1/imports",
    // B starts its own import: it lands in B.
    attempt: ({ b }) =>
      call("POST", "/v1/imports", { token: b.admin.token, body: { entity: "customers", fileName: "b.csv" } }),
    expectStatus: 201,
  },
  {
    route: "GET /v1/imports",
    attempt: ({ b }) => call("GET", "/v1/imports", { token: b.admin.token }),
    expectStatus: 200,
    check: (answer, world) => {
      noneOf(answer, world);
      expect(JSON.stringify(answer.body)).not.toContain(world.a.importId);
    },
  },
  {
    route: "GET /v1/imports/{id}",
    attempt: ({ a, b }) => call("GET", `/v1/imports/${a.importId}`, { token: b.admin.token }),
    expectStatus: 404,
  },
  {
    route: "PUT /v1/imports/{id}/parts/{part}",
    attempt: ({ a, b }) =>
      call("PUT", `/v1/imports/${a.importId}/parts/1`, {
        token: b.admin.token,
        headers: { "content-type": "application/octet-stream" },
        raw: "name\nIntruder\n",
      }),
    expectStatus: 404,
  },
  {
    route: "POST /v1/imports/{id}/runs",
    attempt: ({ a, b }) =>
      call("POST", `/v1/imports/${a.importId}/runs`, {
        token: b.admin.token,
        body: { mapping: { name: "name" } },
      }),
    expectStatus: 404,
  },
  {
    route: "GET /v1/imports/{id}/problems",
    attempt: ({ a, b }) => call("GET", `/v1/imports/${a.importId}/problems`, { token: b.admin.token }),
    expectStatus: 404,
  },
  {
    route: "POST /v1/exports",
    // B exports its own customers: the export is B's.
    attempt: ({ b }) => call("POST", "/v1/exports", { token: b.admin.token, body: { entity: "customers" } }),
    expectStatus: 202,
  },
  {
    route: "GET /v1/exports/{id}",
    attempt: ({ a, b }) => call("GET", `/v1/exports/${a.exportId}`, { token: b.admin.token }),
    expectStatus: 404,
  },
  {
    route: "GET /v1/exports/{id}/file",
    attempt: ({ a, b }) => call("GET", `/v1/exports/${a.exportId}/file`, { token: b.admin.token }),
    expectStatus: 404,
  },
  {
    route: "POST /v1/scoring/runs",
    // B scores its own customers: the run is B's, and A's scores stay as they were.
    attempt: ({ b }) => call("POST", "/v1/scoring/runs", { token: b.admin.token }),
    expectStatus: 202,
  },
  {
    route: "GET /v1/scoring/runs",
    attempt: ({ b }) => call("GET", "/v1/scoring/runs", { token: b.admin.token }),
    expectStatus: 200,
    check: (answer, world) => {
      noneOf(answer, world);
      expect(JSON.stringify(answer.body)).not.toContain(world.a.runId);
    },
  },
  {
    route: "GET /v1/scoring/runs/{id}",
    attempt: ({ a, b }) => call("GET", `/v1/scoring/runs/${a.runId}`, { token: b.admin.token }),
    expectStatus: 404,
  },
  {
    route: "GET /v1/analytics/summary",
    attempt: ({ b }) => call("GET", "/v1/analytics/summary", { token: b.admin.token }),
    expectStatus: 200,
    check: (answer, world) => {
      noneOf(answer, world);
      expect(JSON.stringify(answer.body)).not.toContain(world.a.runId);
    },
  },
  {
    route: "GET /v1/analytics/migration",
    // A's night, asked for by B: B's own record of it (none), never A's customers.
    attempt: async ({ a, b }) => {
      const run = await call("GET", `/v1/scoring/runs/${a.runId}`, { token: a.admin.token });
      return call("GET", `/v1/analytics/migration?from=2020-01-01&to=${run.body.date}`, {
        token: b.admin.token,
      });
    },
    expectStatus: 200,
    check: (answer, world) => {
      noneOf(answer, world);
      expect(JSON.stringify(answer.body)).not.toContain(world.a.customerId);
      expect(answer.body.cells.every((cell: { from: string }) => cell.from === "none")).toBe(true);
    },
  },
  {
    route: "GET /v1/audit",
    attempt: ({ b }) => call("GET", "/v1/audit", { token: b.admin.token }),
    expectStatus: 200,
    check: noneOf,
  },
  {
    route: "GET /v1/customers/{id}/history",
    attempt: ({ a, b }) => call("GET", `/v1/customers/${a.customerId}/history`, { token: b.admin.token }),
    expectStatus: 404,
  },
  {
    route: "GET /v1/directory",
    attempt: ({ b }) => call("GET", "/v1/directory", { token: b.admin.token }),
    expectStatus: 200,
    check: (answer, world) => {
      noneOf(answer, world);
      expect(answer.body.items.map((item: { id: string }) => item.id)).toContain(world.b.admin.id);
    },
  },
  {
    route: "POST /v1/customers/reassign",
    // A's customers, asked for by B, answer each as a made-up id would; A's rep cannot be named owner in B.
    attempt: async ({ a, b }) => {
      const own = await call("POST", "/v1/customers", {
        token: b.admin.token,
        body: { kind: "person", name: "Bravo's to give" },
      });
      const toA = await call("POST", "/v1/customers/reassign", {
        token: b.admin.token,
        body: { ownerId: a.rep.id, customers: [{ id: own.body.id, version: 1 }] },
      });
      expect(toA.status).toBe(400);
      return call("POST", "/v1/customers/reassign", {
        token: b.admin.token,
        body: {
          ownerId: b.admin.id,
          customers: [a.customerId, a.companyId].map((id) => ({ id, version: 1 })),
        },
      });
    },
    expectStatus: 200,
    check: (answer, world) =>
      expect(answer.body.results).toEqual(
        [world.a.customerId, world.a.companyId].map((id) => ({
          id,
          outcome: "failed",
          status: 404,
          code: "customer-not-found",
        })),
      ),
  },
  {
    route: "POST /v1/auth/invitations/accept",
    // B's genuine invitation secret, pointed at A's tenant: it must not open anything there.
    attempt: ({ a, b }) =>
      call("POST", "/v1/auth/invitations/accept", {
        body: { token: `${a.tenantId}.${b.invitationToken.split(".")[1]}`, password: "Takeover-123" },
      }),
    // As a link nobody issued in A: gone, whatever it is elsewhere.
    expectStatus: 410,
  },
];

/** Routes that hold no tenant data until a token is issued; they are tested on their own. */
const PUBLIC_ROUTES = new Set([
  "POST /v1/signup",
  "POST /v1/auth/login",
  "POST /v1/auth/refresh",
  "POST /v1/auth/logout",
  "GET /v1/openapi.json",
  "GET /v1/reference",
]);

/** Everything A can see of itself, to compare before and after each attempt. */
async function snapshot(a: World["a"]) {
  const [me, users, settings, customers, history, contacts, customFields, anImport, anExport, runs, summary] =
    await Promise.all([
      call("GET", "/v1/me", { token: a.admin.token }),
      call("GET", "/v1/users", { token: a.admin.token }),
      call("GET", "/v1/tenant/settings", { token: a.admin.token }),
      call("GET", "/v1/customers?limit=100", { token: a.admin.token }),
      call("GET", `/v1/customers/${a.customerId}/history`, { token: a.admin.token }),
      call("GET", `/v1/customers/${a.companyId}/contacts`, { token: a.admin.token }),
      call("GET", "/v1/custom-fields", { token: a.admin.token }),
      call("GET", `/v1/imports/${a.importId}`, { token: a.admin.token }),
      call("GET", `/v1/exports/${a.exportId}`, { token: a.admin.token }),
      call("GET", "/v1/scoring/runs", { token: a.admin.token }),
      call("GET", "/v1/analytics/summary", { token: a.admin.token }),
    ]);
  return {
    me: me.body,
    users: users.body,
    settings: settings.body,
    customers: customers.body,
    history: history.body,
    contacts: contacts.body,
    customFields: customFields.body,
    anImport: anImport.body,
    anExport: anExport.body,
    runs: runs.body,
    summary: summary.body,
    // A's purchases, voided or not.
    transactions: (await call("GET", `/v1/customers/${a.customerId}/transactions`, { token: a.admin.token }))
      .body,
  };
}

describe("tenant isolation", () => {
  const world = {} as World;

  beforeAll(async () => {
    const a = await signUpTenant("alpha", { companyName: "Alpha Ltd" });
    const b = await signUpTenant("bravo", { companyName: "Bravo Ltd" });
    const rep = await addMember(a.admin.token, "rep");
    const invited = await call("POST", "/v1/users", {
      token: a.admin.token,
      body: { email: uniqueEmail("a-invited"), name: "A invited", role: "rep" },
    });
    const bInvited = await call("POST", "/v1/users", {
      token: b.admin.token,
      body: { email: uniqueEmail("b-invited"), name: "B invited", role: "rep" },
    });
    await call("POST", "/v1/custom-fields", {
      token: a.admin.token,
      body: { key: "alpha_secret", entity: "customer", label: { en: "Alpha", "zh-CN": "甲" }, type: "text" },
    });
    const customerEmail = uniqueEmail("a-customer");
    const customer = await call("POST", "/v1/customers", {
      token: a.admin.token,
      body: { kind: "person", name: "Alpha's customer", emails: [customerEmail] },
    });
    const company = await call("POST", "/v1/customers", {
      token: a.admin.token,
      body: { kind: "company", name: "Alpha's second" },
    });
    const contact = await call("POST", `/v1/customers/${company.body.id}/contacts`, {
      token: a.admin.token,
      body: { name: "Alpha's contact", primary: true },
    });
    const anImport = await uploadImport(a.admin.token, "customers", utf8("name\nAlpha imported\n"));
    const anExport = await call("POST", "/v1/exports", {
      token: a.admin.token,
      body: { entity: "customers" },
    });
    await until(
      async () => (await call("GET", `/v1/exports/${anExport.body.id}`, { token: a.admin.token })).body,
      (job) => job.status === "done",
    );
    const transaction = await call("POST", `/v1/customers/${customer.body.id}/transactions`, {
      token: a.admin.token,
      body: { occurredAt: "2026-06-01T00:00:00Z", amount: 12_000, currency: "USD", kind: "purchase" },
    });
    const run = await call("POST", "/v1/scoring/runs", { token: a.admin.token });
    await until(
      async () => (await call("GET", `/v1/scoring/runs/${run.body.id}`, { token: a.admin.token })).body,
      (job) => job.status === "done",
    );
    const firstPage = await call("GET", "/v1/customers?limit=1", { token: a.admin.token });
    world.a = {
      ...a,
      rep,
      invitedId: invited.body.id,
      customerId: customer.body.id,
      customerEmail,
      transactionId: transaction.body.transaction.id,
      cursor: firstPage.body.nextCursor,
      companyId: company.body.id,
      contactId: contact.body.id,
      importId: anImport.id,
      exportId: anExport.body.id,
      runId: run.body.id,
    };
    const bReset = await call("POST", `/v1/users/${b.admin.id}/password-reset`, { token: b.admin.token });
    world.b = { ...b, invitationToken: bInvited.body.invitation.token, resetToken: bReset.body.token };
  });

  it.each(ROWS.map((row) => [row.route, row] as const))(
    "%s: the other tenant's ids get nothing and change nothing",
    async (_route, row) => {
      const before = await snapshot(world.a);
      const answer = await row.attempt(world);
      expect(answer.status, JSON.stringify(answer.body)).toBe(row.expectStatus);
      row.check?.(answer, world);
      if (answer.status === 404) expect(answer.body.title).toBe("Not found");
      expect(await snapshot(world.a)).toEqual(before);
    },
  );

  it("refuses the other tenant's page cursor with 400", async () => {
    expect(world.a.cursor).toEqual(expect.any(String));
    const answer = await call("GET", `/v1/customers?cursor=${world.a.cursor}`, {
      token: world.b.admin.token,
    });
    expect(answer.status).toBe(400);
    expect(answer.body.errors).toEqual([expect.objectContaining({ path: "cursor", code: "cursor-foreign" })]);
  });

  it("answers another tenant's id exactly as an id that does not exist", async () => {
    const foreign = await call("GET", `/v1/users/${world.a.rep.id}`, { token: world.b.admin.token });
    const missing = await call("GET", "/v1/users/00000000-0000-4000-8000-000000000000", {
      token: world.b.admin.token,
    });
    expect(foreign.status).toBe(404);
    expect(foreign.body).toEqual({ ...missing.body });
  });

  it("refuses forged tokens aimed at the other tenant on every route, and A stays as it was", async () => {
    const claims = claimsOf(world.b.admin.token);
    const aClaims = claimsOf(world.a.admin.token);
    const forged = {
      // Validly signed (this install's key), but B's user claiming A's tenant.
      "B's user in A's tenant": await forgeToken({
        sub: claims.sub,
        email: claims.email,
        "custom:tenantId": world.a.tenantId,
      }),
      // A's admin exactly, signed with the key anyone can read in cognito-local's npm package.
      "A's admin, signed with cognito-local's shipped key": await forgeToken(
        { sub: aClaims.sub, email: aClaims.email, "custom:tenantId": world.a.tenantId },
        { key: "cognito-local-package" },
      ),
      // B's real token with its tenant claim rewritten: the signature no longer matches.
      "B's token edited to A": (() => {
        const [header, , signature] = world.b.admin.token.split(".");
        const payload = Buffer.from(
          JSON.stringify({ ...claims, "custom:tenantId": world.a.tenantId }),
        ).toString("base64url");
        return `${header}.${payload}.${signature}`;
      })(),
    };
    const before = await snapshot(world.a);
    for (const [name, token] of Object.entries(forged)) {
      for (const row of ROWS.filter(
        (candidate) => !PUBLIC_ROUTES.has(candidate.route) && !candidate.route.includes("/auth/"),
      )) {
        const [method, template] = row.route.split(" ") as [string, string];
        const path = template.replace("{id}", world.a.rep.id);
        const answer = await call(method, path, {
          token,
          body: method === "GET" ? undefined : {},
          headers: ifMatch(1),
        });
        expect(answer.status, `${name}: ${row.route}`).toBe(401);
      }
    }
    expect(await snapshot(world.a)).toEqual(before);
  });

  it("has a row for every route the API describes", async () => {
    const doc = await call("GET", "/v1/openapi.json");
    const routes = Object.entries(doc.body.paths as Record<string, object>).flatMap(([path, ops]) =>
      Object.keys(ops).map((method) => `${method.toUpperCase()} ${path}`),
    );
    const covered = new Set([...ROWS.map((row) => row.route), ...PUBLIC_ROUTES]);
    expect(routes.filter((route) => !covered.has(route))).toEqual([]);
  });

  it("keeps every item in the table under a tenant's id", async () => {
    const { config } = crm();
    const dynamo = createDynamoClient(dynamoConnection(config));
    let cursor: Record<string, any> | undefined;
    const keys: string[] = [];
    do {
      const page = await dynamo.send(
        new ScanCommand({
          TableName: config.tableName,
          ProjectionExpression: "pk",
          ExclusiveStartKey: cursor,
        }),
      );
      keys.push(...(page.Items ?? []).map((item) => item.pk?.S ?? ""));
      cursor = page.LastEvaluatedKey;
    } while (cursor);
    dynamo.destroy();
    expect(keys.length).toBeGreaterThan(0);
    expect(keys.filter((pk) => !/^t[0-9a-f]{24}#[A-Z]+(#.+)?$/.test(pk))).toEqual([]);
  });
});
