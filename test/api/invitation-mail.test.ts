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
    expect(mail?.subject).toBe("mail-invite Admin 邀请您加入「星河贸易」的 CRM");
    expect(mail?.text).toContain("王芳，您好");
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
    expect(mail?.subject).toBe("mail-invite-en Admin invited you to mail-invite-en Ltd on CRM");
    expect(mail?.text).toContain("Hello Emma,");
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
