import { UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { createApi } from "@crm/functions/api/app";
import { type Limit, RATE_LIMITS, type RateLimits } from "@crm/functions/api/rate-limit-policy";
import { createDeps } from "@crm/functions/deps";
import { FORGOT_PASSWORD_ANSWER_MS, RESET_LINK_HOURS } from "@crm/functions/services/passwords";
import { describe, expect, it } from "vitest";
import {
  type Answer,
  addMember,
  call,
  crm,
  login,
  type Member,
  PASSWORD,
  signUpTenant,
  type TestTenant,
  uniqueEmail,
} from "../support/api.js";
import { linkIn, mailsTo, waitForMails } from "../support/mail.js";
import { itemsUnder, withTable } from "../support/table.js";

const NEW_PASSWORD = "Brand-New-Horse-9";
const OTHER_PASSWORD = "Other-Horse-77";

const signsIn = async (email: string, password: string) =>
  (await call("POST", "/v1/auth/login", { body: { email, password } })).status === 200;

const refreshes = async (refreshToken: string) =>
  (await call("POST", "/v1/auth/refresh", { body: { refreshToken } })).status === 200;

const reads = async (token: string) => (await call("GET", "/v1/me", { token })).status === 200;

const fieldCodes = (answer: Answer) =>
  (answer.body.errors ?? []).map((error: { path: string; code: string }) => [error.path, error.code]);

const changePassword = (token: string, currentPassword: string, newPassword: string) =>
  call("POST", "/v1/me/password", { token, body: { currentPassword, newPassword } });

const adminReset = (tenant: TestTenant, userId: string) =>
  call("POST", `/v1/users/${userId}/password-reset`, { token: tenant.admin.token });

const useReset = (token: string, password = NEW_PASSWORD) =>
  call("POST", "/v1/auth/reset-password", { body: { token, password } });

const forgot = (email: string, locale?: "en" | "zh-CN") =>
  call("POST", "/v1/auth/forgot-password", { body: { email, ...(locale && { locale }) } });

function expectResetGone(answer: Answer) {
  expect(answer.status).toBe(410);
  expect(answer.headers.get("content-type")).toContain("application/problem+json");
  expect(answer.body.code).toBe("password-reset-gone");
}

/** Moves every stored reset link of the tenant past its end. */
async function expireResetLinks(tenant: TestTenant) {
  for (const stored of await itemsUnder(`${tenant.tenantId}#RESET`)) {
    await withTable(({ doc, tableName }) =>
      doc.send(
        new UpdateCommand({
          TableName: tableName,
          Key: { pk: stored.pk, sk: stored.sk },
          UpdateExpression: "SET expiresAt = :past",
          ExpressionAttributeValues: { ":past": Math.floor(Date.now() / 1000) - 1 },
        }),
      ),
    );
  }
}

/** A second device of the member: a session of its own. */
const secondDevice = (member: Member) => login(member.email, member.password);

describe("changing my password", () => {
  it("refuses a wrong current password with 400 on that field, and the password stays", async () => {
    const { admin } = await signUpTenant("change-wrong");
    const answer = await changePassword(admin.token, "Not-The-Password-1", NEW_PASSWORD);
    expect(answer.status).toBe(400);
    expect(fieldCodes(answer)).toEqual([["currentPassword", "password-wrong"]]);
    expect(await signsIn(admin.email, PASSWORD)).toBe(true);
    expect(await signsIn(admin.email, NEW_PASSWORD)).toBe(false);
    // The session that asked is not ended by a refusal.
    expect(await reads(admin.token)).toBe(true);
  });

  it("holds the new password to the policy, and to being new, listing each problem and changing nothing", async () => {
    const { admin } = await signUpTenant("change-rules");
    const weak = await changePassword(admin.token, PASSWORD, "short");
    expect(weak.status).toBe(400);
    expect(new Set(fieldCodes(weak).map(([path]: string[]) => path))).toEqual(new Set(["newPassword"]));
    expect(fieldCodes(weak).length).toBeGreaterThan(1);
    const same = await changePassword(admin.token, PASSWORD, PASSWORD);
    expect(fieldCodes(same)).toEqual([["newPassword", "password-unchanged"]]);
    const missing = await call("POST", "/v1/me/password", { token: admin.token, body: {} });
    expect(new Set(fieldCodes(missing).map(([path]: string[]) => path))).toEqual(
      new Set(["currentPassword", "newPassword"]),
    );
    expect(await signsIn(admin.email, PASSWORD)).toBe(true);
  });

  it("changes it, answers a new session, and ends every other session: their tokens and refresh tokens stop working", async () => {
    const tenant = await signUpTenant("change-ok");
    const rep = await addMember(tenant.admin.token, "rep", "changer");
    const phone = await secondDevice(rep);
    const changed = await changePassword(rep.token, PASSWORD, NEW_PASSWORD);
    expect(changed.status, JSON.stringify(changed.body)).toBe(200);
    expect(changed.body).toMatchObject({ accessToken: expect.any(String), refreshToken: expect.any(String) });

    expect(await signsIn(rep.email, PASSWORD)).toBe(false);
    expect(await signsIn(rep.email, NEW_PASSWORD)).toBe(true);
    // The new session works and refreshes.
    expect(await reads(changed.body.accessToken)).toBe(true);
    expect(await refreshes(changed.body.refreshToken)).toBe(true);
    // The session that asked and the other device are ended: access tokens at once, refresh tokens too.
    expect(await reads(rep.token)).toBe(false);
    expect(await reads(phone.accessToken)).toBe(false);
    expect(await refreshes(rep.refreshToken)).toBe(false);
    expect(await refreshes(phone.refreshToken)).toBe(false);
    // Another person of the tenant is untouched.
    expect(await reads(tenant.admin.token)).toBe(true);
  });

  it("needs a signed-in person", async () => {
    const answer = await call("POST", "/v1/me/password", {
      body: { currentPassword: PASSWORD, newPassword: NEW_PASSWORD },
    });
    expect(answer.status).toBe(401);
  });
});

describe("a reset link issued by an admin", () => {
  it("answers a link like an invitation's, emails it to the person, and it works once: the password changes and other sessions end", async () => {
    const tenant = await signUpTenant("admin-reset");
    const rep = await addMember(tenant.admin.token, "rep", "forgetful");
    const before = await call("GET", `/v1/users/${rep.id}`, { token: tenant.admin.token });
    const issued = await adminReset(tenant, rep.id);
    expect(issued.status).toBe(201);
    expect(issued.body).toMatchObject({ token: expect.any(String), emailed: true });
    expect(issued.body.url).toBe(`${crm().url}/reset-password#${issued.body.token}`);
    const expiresIn = Date.parse(issued.body.expiresAt) - Date.now();
    expect(expiresIn).toBeGreaterThan((RESET_LINK_HOURS.admin - 1) * 3_600_000);
    expect(expiresIn).toBeLessThanOrEqual(RESET_LINK_HOURS.admin * 3_600_000);

    // The invitation mail came first; the reset mail carries the same link as the answer.
    const [, mail] = await waitForMails(rep.email, 2);
    expect(mail?.subject).toBe("Reset your CRM password");
    expect(mail?.text).toContain("an admin of “admin-reset Ltd”");
    expect(linkIn(mail as never, "reset-password").token).toBe(issued.body.token);

    const used = await useReset(issued.body.token);
    expect(used.status).toBe(200);
    expect(await reads(used.body.accessToken)).toBe(true);
    expect(await reads(rep.token)).toBe(false);
    expect(await refreshes(rep.refreshToken)).toBe(false);
    expect(await signsIn(rep.email, PASSWORD)).toBe(false);
    expect(await signsIn(rep.email, NEW_PASSWORD)).toBe(true);

    expectResetGone(await useReset(issued.body.token, OTHER_PASSWORD));
    expect(await signsIn(rep.email, NEW_PASSWORD)).toBe(true);
    // A reset is no edit of the person: their record as admins see it is as before.
    const after = await call("GET", `/v1/users/${rep.id}`, { token: tenant.admin.token });
    expect(after.body).toEqual(before.body);
    expect(await itemsUnder(`${tenant.tenantId}#RESET`)).toEqual([]);
  });

  it("is replaced by a newer link: the older answers 410 and changes nothing", async () => {
    const tenant = await signUpTenant("admin-reset-twice");
    const rep = await addMember(tenant.admin.token, "rep");
    const first = await adminReset(tenant, rep.id);
    const second = await adminReset(tenant, rep.id);
    expectResetGone(await useReset(first.body.token));
    expect(await signsIn(rep.email, PASSWORD)).toBe(true);
    expect(await reads(rep.token)).toBe(true);
    // One link at most is stored per person.
    expect(await itemsUnder(`${tenant.tenantId}#RESET`)).toHaveLength(1);
    expect((await useReset(second.body.token)).status).toBe(200);
  });

  it("lets one of two uses of one link at once win", async () => {
    const tenant = await signUpTenant("admin-reset-race");
    const rep = await addMember(tenant.admin.token, "rep");
    const { body } = await adminReset(tenant, rep.id);
    const answers = await Promise.all([
      useReset(body.token, NEW_PASSWORD),
      useReset(body.token, OTHER_PASSWORD),
    ]);
    expect(answers.map((answer) => answer.status).sort()).toEqual([200, 410]);
    const winner = answers[0]?.status === 200 ? NEW_PASSWORD : OTHER_PASSWORD;
    expect(await signsIn(rep.email, winner)).toBe(true);
    expect(await signsIn(rep.email, winner === NEW_PASSWORD ? OTHER_PASSWORD : NEW_PASSWORD)).toBe(false);
  });

  it("answers 410 to an expired link, and the password stays", async () => {
    const tenant = await signUpTenant("admin-reset-expired");
    const rep = await addMember(tenant.admin.token, "rep");
    const { body } = await adminReset(tenant, rep.id);
    await expireResetLinks(tenant);
    expectResetGone(await useReset(body.token));
    expect(await signsIn(rep.email, PASSWORD)).toBe(true);
  });

  it("dies with a deactivation: reactivating the person does not bring it back", async () => {
    const tenant = await signUpTenant("admin-reset-deactivated");
    const rep = await addMember(tenant.admin.token, "rep");
    const { body } = await adminReset(tenant, rep.id);
    const setActive = async (active: boolean) => {
      const current = await call("GET", `/v1/users/${rep.id}`, { token: tenant.admin.token });
      const changed = await call("PATCH", `/v1/users/${rep.id}`, {
        token: tenant.admin.token,
        headers: { "if-match": current.headers.get("etag") ?? "" },
        body: { active },
      });
      expect(changed.status).toBe(200);
    };
    await setActive(false);
    expect((await adminReset(tenant, rep.id)).body.code).toBe("user-deactivated");
    await setActive(true);
    expectResetGone(await useReset(body.token));
    expect(await signsIn(rep.email, PASSWORD)).toBe(true);
  });

  it("dies when the person changes their password, in the write that ends their sessions", async () => {
    const tenant = await signUpTenant("admin-reset-changed");
    const rep = await addMember(tenant.admin.token, "rep");
    const { body } = await adminReset(tenant, rep.id);
    const changed = await changePassword(rep.token, PASSWORD, NEW_PASSWORD);
    expect(changed.status).toBe(200);
    expectResetGone(await useReset(body.token, OTHER_PASSWORD));
    expect(await signsIn(rep.email, NEW_PASSWORD)).toBe(true);
    expect(await reads(changed.body.accessToken)).toBe(true);
    expect(await itemsUnder(`${tenant.tenantId}#RESET`)).toEqual([]);
    // A link issued after the change works as ever.
    const fresh = await adminReset(tenant, rep.id);
    expect((await useReset(fresh.body.token, OTHER_PASSWORD)).status).toBe(200);
    expect(await signsIn(rep.email, OTHER_PASSWORD)).toBe(true);
  });

  it("once expired, gives way to a link asked for by email", async () => {
    const tenant = await signUpTenant("admin-reset-other-link");
    const rep = await addMember(tenant.admin.token, "rep");
    await adminReset(tenant, rep.id);
    // Past its day, the admin's link no longer holds back a link asked for by email, which replaces it.
    await expireResetLinks(tenant);
    await forgot(rep.email);
    const [, , mailed] = await waitForMails(rep.email, 3);
    expect((await useReset(linkIn(mailed as never, "reset-password").token)).status).toBe(200);
    expect(await itemsUnder(`${tenant.tenantId}#RESET`)).toEqual([]);
  });

  it("is for people who have joined: someone invited gets 409, and only admins issue links", async () => {
    const tenant = await signUpTenant("admin-reset-rules");
    const invited = await call("POST", "/v1/users", {
      token: tenant.admin.token,
      body: { email: uniqueEmail("not-joined"), name: "Not joined", role: "rep" },
    });
    const refused = await adminReset(tenant, invited.body.id);
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe("password-not-set");
    const manager = await addMember(tenant.admin.token, "manager");
    const byManager = await call("POST", `/v1/users/${tenant.admin.id}/password-reset`, {
      token: manager.token,
    });
    expect(byManager.status).toBe(403);
    const unknown = await adminReset(tenant, "00000000-0000-4000-8000-000000000000");
    expect(unknown.status).toBe(404);
  });

  it("answers 400 to a malformed link and 410 to a well-formed one nobody issued", async () => {
    const tenant = await signUpTenant("admin-reset-malformed");
    const malformed = await useReset("not-a-reset-token-at-all");
    expect(malformed.status).toBe(400);
    expect(fieldCodes(malformed)).toEqual([["token", "reset-link-malformed"]]);
    expectResetGone(await useReset(`${tenant.tenantId}.${"A".repeat(43)}`));
    // An invitation link is no reset link, nor the other way round.
    const invited = await call("POST", "/v1/users", {
      token: tenant.admin.token,
      body: { email: uniqueEmail("crossed"), name: "Crossed", role: "rep" },
    });
    expectResetGone(await useReset(invited.body.invitation.token));
    const rep = await addMember(tenant.admin.token, "rep");
    const reset = await adminReset(tenant, rep.id);
    const asInvitation = await call("POST", "/v1/auth/invitations/accept", {
      body: { token: reset.body.token, password: OTHER_PASSWORD },
    });
    expect(asInvitation.status).toBe(410);
    expect(await signsIn(rep.email, PASSWORD)).toBe(true);
  });
});

describe("forgot password", () => {
  it("answers an unknown email exactly as a known one, no sooner, and mails only the known one", async () => {
    const tenant = await signUpTenant("forgot-same");
    const unknown = uniqueEmail("nobody-here");
    const timed = async (email: string) => {
      const started = Date.now();
      const answer = await forgot(email);
      return { answer, ms: Date.now() - started };
    };
    const known = await timed(tenant.admin.email);
    const stranger = await timed(unknown);
    for (const { answer, ms } of [known, stranger]) {
      expect(answer.status).toBe(202);
      expect(ms).toBeGreaterThanOrEqual(FORGOT_PASSWORD_ANSWER_MS - 5);
    }
    expect(known.answer.body).toEqual(stranger.answer.body);
    const headers = (answer: Answer) =>
      [...answer.headers.keys()].filter((name) => !["date", "x-request-id"].includes(name)).sort();
    expect(headers(known.answer)).toEqual(headers(stranger.answer));
    expect(await waitForMails(tenant.admin.email)).toHaveLength(1);
    expect(await mailsTo(unknown)).toEqual([]);
  });

  it("mails a link that sets a new password once: the old password stops working and other sessions end", async () => {
    const { admin } = await signUpTenant("forgot-flow");
    expect((await forgot(admin.email.toUpperCase())).status).toBe(202);
    const [mail] = await waitForMails(admin.email);
    expect(mail?.subject).toBe("Reset your CRM password");
    expect(mail?.to).toEqual([{ address: admin.email, name: "forgot-flow Admin" }]);
    expect(mail?.html).toContain('href="');
    const { url, token } = linkIn(mail as never, "reset-password");
    expect(url.startsWith(`${crm().url}/reset-password#`)).toBe(true);

    const used = await useReset(token);
    expect(used.status).toBe(200);
    expect(await reads(used.body.accessToken)).toBe(true);
    expect(await signsIn(admin.email, PASSWORD)).toBe(false);
    expect(await signsIn(admin.email, NEW_PASSWORD)).toBe(true);
    expect(await reads(admin.token)).toBe(false);
    expect(await refreshes(admin.refreshToken)).toBe(false);
    expectResetGone(await useReset(token, OTHER_PASSWORD));
  });

  it("writes the mail in the language of the page it was asked from, else the person's, else the company's", async () => {
    const tenant = await signUpTenant("forgot-lang", { locale: "zh-CN" });
    await forgot(tenant.admin.email);
    await forgot(tenant.admin.email, "en");
    const [chinese, english] = await waitForMails(tenant.admin.email, 2);
    expect(chinese?.subject).toBe("重设您的 CRM 密码");
    expect(chinese?.text).toContain("您好");
    expect(english?.subject).toBe("Reset your CRM password");
    // Only the newest link works.
    expectResetGone(await useReset(linkIn(chinese as never, "reset-password").token));
    expect((await useReset(linkIn(english as never, "reset-password").token)).status).toBe(200);
  });

  it("never replaces a live link an admin issued: that link keeps working and no mail goes", async () => {
    const tenant = await signUpTenant("forgot-admin-link");
    const rep = await addMember(tenant.admin.token, "rep");
    const issued = await adminReset(tenant, rep.id);
    await waitForMails(rep.email, 2); // the invitation, the admin's link
    expect((await forgot(rep.email)).status).toBe(202);
    expect((await forgot(rep.email, "en")).status).toBe(202);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await mailsTo(rep.email)).toHaveLength(2);
    expect(await itemsUnder(`${tenant.tenantId}#RESET`)).toHaveLength(1);
    expect((await useReset(issued.body.token)).status).toBe(200);
    // Once it is used, asking by email works again, and an admin's new link replaces a mailed one.
    await forgot(rep.email);
    const [, , mailed] = await waitForMails(rep.email, 3);
    const again = await adminReset(tenant, rep.id);
    expectResetGone(await useReset(linkIn(mailed as never, "reset-password").token, OTHER_PASSWORD));
    expect((await useReset(again.body.token, OTHER_PASSWORD)).status).toBe(200);
  });

  it("mails nobody who has not joined or is deactivated, and refuses a malformed email with 400", async () => {
    const tenant = await signUpTenant("forgot-nobody");
    const email = uniqueEmail("only-invited");
    await call("POST", "/v1/users", {
      token: tenant.admin.token,
      body: { email, name: "Invited", role: "rep" },
    });
    const rep = await addMember(tenant.admin.token, "rep");
    const current = await call("GET", `/v1/users/${rep.id}`, { token: tenant.admin.token });
    await call("PATCH", `/v1/users/${rep.id}`, {
      token: tenant.admin.token,
      headers: { "if-match": current.headers.get("etag") ?? "" },
      body: { active: false },
    });
    expect((await forgot(email)).status).toBe(202);
    expect((await forgot(rep.email)).status).toBe(202);
    expect(await mailsTo(email)).toHaveLength(1); // the invitation only
    expect(await mailsTo(rep.email)).toHaveLength(1);
    const bad = await call("POST", "/v1/auth/forgot-password", { body: { email: "not an email", extra: 1 } });
    expect(bad.status).toBe(400);
    expect(new Set(fieldCodes(bad).map(([path]: string[]) => path))).toEqual(new Set(["email", "extra"]));
  });
});

describe("rate limits of the password routes", () => {
  const ROOMY: Limit = { attempts: 1_000_000, windowSeconds: 15 * 60 };
  const roomy: RateLimits = {
    signInFailuresPerAccount: ROOMY,
    perAddress: Object.fromEntries(
      Object.keys(RATE_LIMITS.perAddress).map((rule) => [rule, ROOMY]),
    ) as RateLimits["perAddress"],
    resetMailsPerAccount: ROOMY,
    invitationMailsPerRecipient: ROOMY,
    invitationMailsPerTenant: ROOMY,
  };
  const apiWith = (limits: Partial<RateLimits>) =>
    createApi({ ...createDeps(crm().config), ...{ rateLimits: { ...roomy, ...limits } } });
  const from = (address: string) => ({ event: { requestContext: { http: { sourceIp: address } } } });
  const post = async (api: ReturnType<typeof apiWith>, path: string, body: unknown, address: string) => {
    const response = await api.request(
      path,
      { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) },
      from(address),
    );
    return { status: response.status, headers: response.headers };
  };

  it("limits forgot-password and reset-password per client address", async () => {
    const two: Limit = { attempts: 2, windowSeconds: 15 * 60 };
    const api = apiWith({
      perAddress: { ...roomy.perAddress, "forgot-password": two, "reset-password": two },
    });
    const address = `198.51.100.${Math.floor(Math.random() * 200) + 20}`;
    for (const [path, body] of [
      ["/v1/auth/forgot-password", { email: uniqueEmail("flood") }],
      ["/v1/auth/reset-password", { token: "not.a-token-at-all-xxxxxxxx", password: NEW_PASSWORD }],
    ] as const) {
      const answers = [];
      for (let i = 0; i < 3; i++) answers.push(await post(api, path, body, address));
      expect(
        answers.slice(0, 2).map((answer) => answer.status),
        path,
      ).not.toContain(429);
      expect(answers[2]?.status, path).toBe(429);
      expect(Number(answers[2]?.headers.get("retry-after")), path).toBeGreaterThan(0);
    }
  });

  it("mails one account a few times at most, and answers the same past it", async () => {
    const { admin } = await signUpTenant("forgot-flood");
    const api = apiWith({ resetMailsPerAccount: { attempts: 2, windowSeconds: 60 * 60 } });
    const statuses = [];
    for (let i = 0; i < 4; i++)
      statuses.push(
        (await post(api, "/v1/auth/forgot-password", { email: admin.email }, "203.0.113.90")).status,
      );
    expect(statuses).toEqual([202, 202, 202, 202]);
    expect(await waitForMails(admin.email, 2)).toHaveLength(2);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await mailsTo(admin.email)).toHaveLength(2);
  });

  it("spends none of an account's mails on requests held back by a live link an admin issued", async () => {
    const tenant = await signUpTenant("forgot-allowance");
    const rep = await addMember(tenant.admin.token, "rep");
    const api = apiWith({ resetMailsPerAccount: { attempts: 1, windowSeconds: 60 * 60 } });
    const issued = await adminReset(tenant, rep.id);
    for (let i = 0; i < 3; i++)
      await post(api, "/v1/auth/forgot-password", { email: rep.email }, "203.0.113.91");
    await waitForMails(rep.email, 2);
    expect((await useReset(issued.body.token)).status).toBe(200);
    // The one mail of the hour is still there to be asked for.
    await post(api, "/v1/auth/forgot-password", { email: rep.email }, "203.0.113.91");
    const mails = await waitForMails(rep.email, 3);
    expect(linkIn(mails[2] as never, "reset-password").token).toBeTruthy();
  });
});
