import { DeleteCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { keys } from "@crm/data";
import { createDeps } from "@crm/functions/deps";
import { acceptInvitation } from "@crm/functions/services/invitations";
import { describe, expect, it, vi } from "vitest";
import { call, crm, PASSWORD, signUpTenant, type TestTenant, uniqueEmail } from "../support/api.js";
import { itemsUnder, withTable } from "../support/table.js";

/** A second password, to tell who set the account's password. */
const OTHER_PASSWORD = "Other-Horse-77";
const GONE_DETAIL =
  "This invitation link has been used or replaced by a newer one, or it has expired. Ask your admin for a new link.";

async function invite(tenant: TestTenant, label: string) {
  const email = uniqueEmail(label);
  const invited = await call("POST", "/v1/users", {
    token: tenant.admin.token,
    body: { email, name: `${label} person`, role: "rep" },
  });
  expect(invited.status).toBe(201);
  return { id: invited.body.id as string, email, token: invited.body.invitation.token as string };
}

const newLink = async (tenant: TestTenant, userId: string) =>
  call("POST", `/v1/users/${userId}/invitation`, { token: tenant.admin.token });

const accept = (token: string, password = PASSWORD) =>
  call("POST", "/v1/auth/invitations/accept", { body: { token, password } });

const signsIn = async (email: string, password: string) =>
  (await call("POST", "/v1/auth/login", { body: { email, password } })).status === 200;

function expectGone(answer: Awaited<ReturnType<typeof call>>) {
  expect(answer.status).toBe(410);
  expect(answer.headers.get("content-type")).toContain("application/problem+json");
  expect(answer.body).toMatchObject({ code: "invitation-gone", detail: GONE_DETAIL });
}

describe("invitation links", () => {
  it("answers 410 to an older link once the person joined with the newer one, and it cannot take the account over", async () => {
    const tenant = await signUpTenant("link-takeover");
    const person = await invite(tenant, "joined");
    const second = await newLink(tenant, person.id);
    expect(second.status).toBe(201);
    expect((await accept(second.body.token)).status).toBe(200);

    expectGone(await accept(person.token, OTHER_PASSWORD));
    expect(await signsIn(person.email, PASSWORD)).toBe(true);
    expect(await signsIn(person.email, OTHER_PASSWORD)).toBe(false);
  });

  it("revokes the older link when a new one is issued, before the person joins too", async () => {
    const tenant = await signUpTenant("link-replaced");
    const person = await invite(tenant, "replaced");
    const second = await newLink(tenant, person.id);
    const third = await newLink(tenant, person.id);
    expectGone(await accept(person.token));
    expectGone(await accept(second.body.token));
    expect((await call("GET", `/v1/users/${person.id}`, { token: tenant.admin.token })).body.status).toBe(
      "invited",
    );
    expect((await accept(third.body.token)).status).toBe(200);
    // The replaced links were deleted with their replacement: one link at most is stored per person.
    expect(await itemsUnder(`${tenant.tenantId}#INVITE`)).toEqual([]);
  });

  it("kills the link of a person who is deactivated: reactivating them does not bring it back", async () => {
    const tenant = await signUpTenant("link-deactivated");
    const person = await invite(tenant, "deactivated");
    const setActive = async (active: boolean) => {
      const current = await call("GET", `/v1/users/${person.id}`, { token: tenant.admin.token });
      const changed = await call("PATCH", `/v1/users/${person.id}`, {
        token: tenant.admin.token,
        headers: { "if-match": current.headers.get("etag") ?? "" },
        body: { active },
      });
      expect(changed.status).toBe(200);
    };
    await setActive(false);
    expectGone(await accept(person.token));
    await setActive(true);
    expectGone(await accept(person.token));
    const fresh = await newLink(tenant, person.id);
    expect(fresh.status).toBe(201);
    expect((await accept(fresh.body.token)).status).toBe(200);
  });

  it("answers 410 to a link used once already and keeps the password it set", async () => {
    const tenant = await signUpTenant("link-used");
    const person = await invite(tenant, "used");
    expect((await accept(person.token)).status).toBe(200);
    expectGone(await accept(person.token, OTHER_PASSWORD));
    expect(await signsIn(person.email, PASSWORD)).toBe(true);
    expect(await signsIn(person.email, OTHER_PASSWORD)).toBe(false);
  });

  it("answers 410 to an expired link and leaves the person invited", async () => {
    const tenant = await signUpTenant("link-expired");
    const person = await invite(tenant, "expired");
    const [stored] = await itemsUnder(`${tenant.tenantId}#INVITE`);
    await withTable(({ doc, tableName }) =>
      doc.send(
        new UpdateCommand({
          TableName: tableName,
          Key: { pk: stored?.pk, sk: stored?.sk },
          UpdateExpression: "SET expiresAt = :past",
          ExpressionAttributeValues: { ":past": Math.floor(Date.now() / 1000) - 1 },
        }),
      ),
    );
    expectGone(await accept(person.token));
    expect((await call("GET", `/v1/users/${person.id}`, { token: tenant.admin.token })).body.status).toBe(
      "invited",
    );
    expect(await signsIn(person.email, PASSWORD)).toBe(false);
  });

  it("lets one of two accepts of the same link at once win: the other answers 410 and the winner's password holds", async () => {
    const tenant = await signUpTenant("link-race");
    const person = await invite(tenant, "race");
    const answers = await Promise.all([accept(person.token, PASSWORD), accept(person.token, OTHER_PASSWORD)]);
    expect(answers.map((answer) => answer.status).sort()).toEqual([200, 410]);
    const winner = answers[0]?.status === 200 ? PASSWORD : OTHER_PASSWORD;
    const loser = winner === PASSWORD ? OTHER_PASSWORD : PASSWORD;
    expect(await signsIn(person.email, winner)).toBe(true);
    expect(await signsIn(person.email, loser)).toBe(false);
  });

  it("answers 400 to a malformed link and 410 to a well-formed one nobody issued", async () => {
    const tenant = await signUpTenant("link-malformed");
    const malformed = await accept("not-an-invitation-token-at-all");
    expect(malformed.status).toBe(400);
    expect(malformed.body.errors.map((error: { path: string }) => error.path)).toEqual(["token"]);
    expectGone(await accept(`${tenant.tenantId}.${"A".repeat(43)}`));
  });

  it("puts a link back when the identity provider fails to set the password, so the person can try again", async () => {
    const tenant = await signUpTenant("link-idp-fails");
    const person = await invite(tenant, "retry");
    const deps = createDeps(crm().config, async () => {});
    vi.spyOn(deps.identity, "setPassword").mockRejectedValueOnce(new Error("identity provider unavailable"));
    await expect(acceptInvitation(deps, person.token, PASSWORD, new Date())).rejects.toThrow(
      "identity provider unavailable",
    );
    expect((await call("GET", `/v1/users/${person.id}`, { token: tenant.admin.token })).body.status).toBe(
      "invited",
    );
    expect((await accept(person.token)).status).toBe(200);
    expect(await signsIn(person.email, PASSWORD)).toBe(true);
  });

  it("lets the admin issue a new link to someone whose joining stopped before their password was set", async () => {
    const tenant = await signUpTenant("link-crash");
    const person = await invite(tenant, "crash");
    const userKey = keys.user(tenant.tenantId, person.id);
    // What an accept leaves when it dies between taking the link and setting the password.
    const stopJoiningAt = (joinedAt: string) =>
      withTable(async ({ doc, tableName }) => {
        for (const item of await itemsUnder(`${tenant.tenantId}#INVITE`)) {
          await doc.send(new DeleteCommand({ TableName: tableName, Key: { pk: item.pk, sk: item.sk } }));
        }
        await doc.send(
          new UpdateCommand({
            TableName: tableName,
            Key: userKey,
            UpdateExpression: "SET passwordSet = :yes, joinedAt = :at REMOVE invitationHash",
            ExpressionAttributeValues: { ":yes": true, ":at": joinedAt },
          }),
        );
      });

    // An accept that may still be running is left to finish.
    await stopJoiningAt(new Date().toISOString());
    expect((await newLink(tenant, person.id)).status).toBe(409);

    await stopJoiningAt(new Date(Date.now() - 10 * 60 * 1000).toISOString());
    expect(await signsIn(person.email, PASSWORD)).toBe(false);
    const fresh = await newLink(tenant, person.id);
    expect(fresh.status).toBe(201);
    expect((await call("GET", `/v1/users/${person.id}`, { token: tenant.admin.token })).body.status).toBe(
      "invited",
    );
    expect((await accept(fresh.body.token)).status).toBe(200);
    expect(await signsIn(person.email, PASSWORD)).toBe(true);
    // Joined for real now: no new link.
    expect((await newLink(tenant, person.id)).status).toBe(409);
  });
});
