import { createApi } from "@crm/functions/api/app";
import { type Limit, RATE_LIMITS, type RateLimits } from "@crm/functions/api/rate-limit-policy";
import { createDeps } from "@crm/functions/deps";
import { describe, expect, it } from "vitest";
import { call, crm, PASSWORD, signUpTenant, uniqueEmail } from "../support/api.js";
import { linkIn, mailsTo, waitForMails } from "../support/mail.js";

const invite = (adminToken: string, body: Record<string, unknown>, headers: Record<string, string> = {}) =>
  call("POST", "/v1/users", { token: adminToken, body, headers });

describe("invitations by email", () => {
  it("emails the invited person the same link the admin is shown, in the company's language, and it lets them join", async () => {
    const tenant = await signUpTenant("mail-invite", { companyName: "星河贸易", locale: "zh-CN" });
    const email = uniqueEmail("invitee");
    const invited = await invite(tenant.admin.token, { email, name: "王芳", role: "rep" });
    expect(invited.status).toBe(201);
    expect(invited.body.invitation.emailed).toBe(true);

    const [mail] = await waitForMails(email);
    expect(mail?.to).toEqual([{ address: email, name: "王芳" }]);
    expect(mail?.from[0]?.address).toBe("no-reply@crm.localhost");
    expect(mail?.subject).toBe("「mail-invite Admin」邀请您加入「星河贸易」的 CRM");
    expect(mail?.text).toContain("「王芳」，您好");
    expect(mail?.text).toContain("7 天内有效");
    expect(mail?.html).toContain("<!doctype html>");
    const link = linkIn(mail as never, "invite");
    expect(link.token).toBe(invited.body.invitation.token);
    expect(link.url).toBe(`${crm().url}/invite#${link.token}`);

    const accepted = await call("POST", "/v1/auth/invitations/accept", {
      body: { token: link.token, password: PASSWORD },
    });
    expect(accepted.status).toBe(200);
  });

  it("writes in the language the admin chose for the person, and keeps it for later mails", async () => {
    const tenant = await signUpTenant("mail-invite-en", { locale: "zh-CN" });
    const email = uniqueEmail("english-invitee");
    const invited = await invite(tenant.admin.token, { email, name: "Emma", role: "manager", locale: "en" });
    expect(invited.body.locale).toBe("en");
    const [mail] = await waitForMails(email);
    expect(mail?.subject).toBe("“mail-invite-en Admin” invited you to “mail-invite-en Ltd” on CRM");
    expect(mail?.text).toContain("Hello “Emma”,");
    // A new link goes by mail too, in the same language; the first one is dead.
    const again = await call("POST", `/v1/users/${invited.body.id}/invitation`, {
      token: tenant.admin.token,
    });
    expect(again.body.emailed).toBe(true);
    const [, second] = await waitForMails(email, 2);
    expect(second?.subject).toBe(mail?.subject);
    expect(linkIn(second as never, "invite").token).toBe(again.body.token);
    const stale = await call("POST", "/v1/auth/invitations/accept", {
      body: { token: linkIn(mail as never, "invite").token, password: PASSWORD },
    });
    expect(stale.status).toBe(410);
  });

  it("mails a fresh link on a replayed invite, never the stored one", async () => {
    const tenant = await signUpTenant("mail-invite-replay");
    const email = uniqueEmail("replayed");
    const key = { "idempotency-key": `invite-${email}` };
    const body = { email, name: "Replayed", role: "rep" };
    const first = await invite(tenant.admin.token, body, key);
    const replay = await invite(tenant.admin.token, body, key);
    expect(replay.headers.get("idempotent-replayed")).toBe("true");
    const mails = await waitForMails(email, 2);
    expect(mails.map((mail) => linkIn(mail, "invite").token)).toEqual([
      first.body.invitation.token,
      replay.body.invitation.token,
    ]);
    expect(replay.body.invitation.token).not.toBe(first.body.invitation.token);
  });

  it("escapes names in the HTML body and keeps them out of the headers' line breaks", async () => {
    const tenant = await signUpTenant("mail-invite-escape");
    const email = uniqueEmail("escaped");
    await invite(tenant.admin.token, { email, name: "<b>Bold</b> & Co", role: "rep" });
    const [mail] = await waitForMails(email);
    expect(mail?.html).toContain("&lt;b&gt;Bold&lt;/b&gt; &amp; Co");
    expect(mail?.html).not.toContain("<b>Bold</b>");
    expect(await mailsTo(uniqueEmail("nobody"))).toEqual([]);
  });
});

describe("invitation mails carry no link but the invitation's", () => {
  const SPAM = "You won ¥10000! Claim at http://evil.example/claim";

  it("writes a tenant's names as quoted plain text: URLs defanged, cut to 40 characters, in the subject, both bodies and the To header", async () => {
    const tenant = await signUpTenant("mail-defang", {
      companyName: "Prizes at https://prize.example/now",
      adminName: "Visit www.evil.example today",
    });
    const email = uniqueEmail("defanged");
    const invited = await invite(tenant.admin.token, { email, name: SPAM, role: "rep", locale: "en" });
    expect(invited.status).toBe(201);
    const [mail] = await waitForMails(email);
    const plainSpam = "You won ¥10000! Claim at evil[.]example…";
    expect([...plainSpam]).toHaveLength(40);
    expect(mail?.to).toEqual([{ address: email, name: plainSpam }]);
    expect(mail?.subject).toBe(
      "“Visit www[.]evil[.]example today” invited you to “Prizes at prize[.]example/now” on CRM",
    );
    expect(mail?.text).toContain(`Hello “${plainSpam}”,`);
    for (const part of [mail?.subject, mail?.text, mail?.html, mail?.to[0]?.name]) {
      expect(part).not.toMatch(/evil\.example|prize\.example|http:\/\/evil|https:\/\/prize/);
    }
    // The one link left in either body is the invitation's.
    expect([...(mail?.text ?? "").matchAll(/https?:\/\/\S+/g)].map(([url]) => url)).toEqual([
      invited.body.invitation.url,
    ]);
    const hrefs = [...(mail?.html ?? "").matchAll(/href="([^"]*)"/g)].map(([, url]) => url);
    expect(new Set(hrefs)).toEqual(new Set([invited.body.invitation.url]));
  });
});

describe("limits of invitation mails", () => {
  const ROOMY: Limit = { attempts: 1_000_000, windowSeconds: 15 * 60 };
  const HOUR = 60 * 60;
  /**
   * An API on the shared stack with the real invitation mail limits (or the
   * ones given) and a clock inside one window: windows are fixed, and a test
   * that straddled an hour's end would start counting again.
   */
  function apiWith(limits: Partial<RateLimits>) {
    const windowStart = Math.floor(Date.now() / 1000 / HOUR) * HOUR;
    const rateLimits: RateLimits = {
      signInFailuresPerAccount: ROOMY,
      perAddress: Object.fromEntries(
        Object.keys(RATE_LIMITS.perAddress).map((rule) => [rule, ROOMY]),
      ) as RateLimits["perAddress"],
      resetMailsPerAccount: ROOMY,
      invitationMailsPerRecipient: RATE_LIMITS.invitationMailsPerRecipient,
      invitationMailsPerTenant: RATE_LIMITS.invitationMailsPerTenant,
      ...limits,
    };
    const api = createApi({
      ...createDeps(crm().config),
      rateLimits,
      now: () => new Date((windowStart + 60) * 1000),
    });
    return async (token: string, path: string, body?: unknown) => {
      const response = await api.request(path, {
        method: "POST",
        headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
        ...(body !== undefined && { body: JSON.stringify(body) }),
      });
      return { status: response.status, body: await response.json() };
    };
  }

  it("mails one address 5 invitations an hour at most: the 6th link is issued and shown, not mailed, and says why", async () => {
    expect(RATE_LIMITS.invitationMailsPerRecipient).toEqual({ attempts: 5, windowSeconds: HOUR });
    const post = apiWith({});
    const tenant = await signUpTenant("mail-invite-flood");
    const email = uniqueEmail("flooded");
    const invited = await post(tenant.admin.token, "/v1/users", { email, name: "Flooded", role: "rep" });
    expect(invited.status).toBe(201);
    expect(invited.body.invitation).toMatchObject({ emailed: true });
    expect(invited.body.invitation.notEmailedReason).toBeUndefined();
    const links = [];
    for (let i = 0; i < 6; i++)
      links.push(await post(tenant.admin.token, `/v1/users/${invited.body.id}/invitation`));
    expect(links.map((link) => link.status)).toEqual([201, 201, 201, 201, 201, 201]);
    expect(links.map((link) => link.body.emailed)).toEqual([true, true, true, true, false, false]);
    expect(links[4]?.body.notEmailedReason).toBe("recipient-limit");
    const mails = await waitForMails(email, 5);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await mailsTo(email)).toHaveLength(5);
    expect(mails.map((mail) => linkIn(mail, "invite").token)).toEqual([
      invited.body.invitation.token,
      ...links.slice(0, 4).map((link) => link.body.token),
    ]);
    // The link not mailed is the live one: the admin hands it over and it works.
    const last = links[5]?.body;
    expect(last.url).toBe(`${crm().url}/invite#${last.token}`);
    const accepted = await call("POST", "/v1/auth/invitations/accept", {
      body: { token: last.token, password: PASSWORD },
    });
    expect(accepted.status).toBe(200);
  });

  it("mails a limited number of invitations per tenant; past it the people are still invited, and another tenant is not held back", async () => {
    const post = apiWith({ invitationMailsPerTenant: { attempts: 2, windowSeconds: HOUR } });
    const tenant = await signUpTenant("mail-invite-tenant");
    const emails = [uniqueEmail("team-a"), uniqueEmail("team-b"), uniqueEmail("team-c")];
    const invited = [];
    for (const email of emails) {
      invited.push(await post(tenant.admin.token, "/v1/users", { email, name: "Team", role: "rep" }));
    }
    expect(invited.map((answer) => answer.status)).toEqual([201, 201, 201]);
    expect(invited.map((answer) => answer.body.invitation.emailed)).toEqual([true, true, false]);
    expect(invited[2]?.body.invitation.notEmailedReason).toBe("tenant-limit");
    await waitForMails(emails[1] as string);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await mailsTo(emails[2] as string)).toEqual([]);
    const other = await signUpTenant("mail-invite-other");
    const elsewhere = await post(other.admin.token, "/v1/users", {
      email: uniqueEmail("elsewhere"),
      name: "Elsewhere",
      role: "rep",
    });
    expect(elsewhere.body.invitation.emailed).toBe(true);
  });
});
