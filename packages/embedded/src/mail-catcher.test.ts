import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { request } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { SmtpMailer } from "@crm/functions/mail/smtp-mailer";
import { invitationMail, passwordResetMail } from "@crm/functions/mail/templates";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type MailCatcher, startMailCatcher } from "./mail-catcher.js";
import { freePort } from "./ports.js";

describe("the embedded stack's mail catcher (maildev)", () => {
  let catcher: MailCatcher;
  const mailDir = mkdtempSync(join(tmpdir(), "crm-mail-"));
  beforeAll(async () => {
    catcher = await startMailCatcher({ smtpPort: await freePort(), webPort: await freePort(), mailDir });
  }, 60_000);
  afterAll(async () => {
    await catcher?.stop();
    rmSync(mailDir, { recursive: true, force: true });
  });

  it("catches what the SMTP mailer sends, readable through its REST API with both bodies", async () => {
    const mailer = new SmtpMailer(catcher.smtpUrl, "CRM <no-reply@crm.localhost>");
    await mailer.send(
      passwordResetMail({
        to: { address: "wang@example.com", name: "王芳", locale: "zh-CN" },
        companyName: "星河贸易",
        url: "http://localhost:3000/reset-password#t0.secret",
        hours: 1,
      }),
    );
    const mails = await (await fetch(`${catcher.inboxUrl}/api/email?to.address=wang@example.com`)).json();
    expect(mails).toHaveLength(1);
    expect(mails[0]).toMatchObject({
      subject: "重设您的 CRM 密码",
      to: [{ address: "wang@example.com", name: "王芳" }],
      from: [{ address: "no-reply@crm.localhost", name: "CRM" }],
    });
    expect(mails[0].text).toContain("http://localhost:3000/reset-password#t0.secret");
    expect(mails[0].html).toContain('href="http://localhost:3000/reset-password#t0.secret"');
  });

  it("serves its inbox on 127.0.0.1 and answers no other origin with CORS, so no web page can read the links in it", async () => {
    expect(new URL(catcher.inboxUrl).hostname).toBe("127.0.0.1");
    const page = await fetch(`${catcher.inboxUrl}/`, { headers: { accept: "text/html" } });
    expect(page.status).toBe(200);
    const read = await fetch(`${catcher.inboxUrl}/api/email`, {
      headers: { origin: "https://evil.example" },
    });
    expect(read.headers.get("access-control-allow-origin")).toBeNull();
    const preflight = await fetch(`${catcher.inboxUrl}/api/email`, {
      method: "OPTIONS",
      headers: { origin: "https://evil.example", "access-control-request-method": "DELETE" },
    });
    expect(preflight.headers.get("access-control-allow-origin")).toBeNull();
  });

  it("lets only the inbox's own page open its live feed, which pushes each new mail's preview", async () => {
    const { port } = new URL(catcher.inboxUrl);
    const feed = (headers: Record<string, string>) => socketUpgrade(catcher.inboxUrl, headers);
    // engine.io refuses an upgrade with 400 (and a polling request with 403).
    expect(await feed({ origin: "http://evil.example" })).toBe(400);
    expect(await feed({ origin: `http://127.0.0.1:${Number(port) + 1}` })).toBe(400);
    expect(await feed({ origin: "null" })).toBe(400);
    // Rebound to a page's own domain name, even the socket's own origin is refused.
    expect(await feed({ host: `evil.example:${port}`, origin: `http://evil.example:${port}` })).toBe(400);
    expect(await feed({ origin: `http://127.0.0.1:${port}` })).toBe(101);
    expect(await feed({ origin: `http://localhost:${port}` })).toBe(101);
    expect(await feed({})).toBe(101);
    // The long-polling transport asks the same question.
    const polling = await fetch(`${catcher.inboxUrl}/socket.io/?EIO=4&transport=polling`, {
      headers: { origin: "http://evil.example" },
    });
    expect(polling.status).toBe(403);
  });

  it("serves only requests addressed to an IP address or localhost, so DNS rebinding cannot reach it", async () => {
    const { port } = new URL(catcher.inboxUrl);
    for (const host of [`attacker.example:${port}`, "evil.example", `127.0.0.1.nip.io:${port}`]) {
      expect(await statusOf(`${catcher.inboxUrl}/api/email`, host), host).toBe(421);
      expect(await statusOf(`${catcher.inboxUrl}/`, host), host).toBe(421);
    }
    for (const host of [`127.0.0.1:${port}`, `localhost:${port}`, `192.168.1.23:${port}`]) {
      expect(await statusOf(`${catcher.inboxUrl}/api/email`, host), host).toBe(200);
    }
  });
});

/** The status of a GET sent with the given Host header (fetch cannot set one). */
function statusOf(url: string, host: string): Promise<number | undefined> {
  return new Promise((resolve, reject) => {
    const sent = request(url, { headers: { host } }, (answer) => {
      answer.resume();
      resolve(answer.statusCode);
    });
    sent.on("error", reject);
    sent.end();
  });
}

/** Asks to open the inbox's socket.io websocket as a browser would: 101 when it opens, else the refusal's status. */
function socketUpgrade(inboxUrl: string, headers: Record<string, string>): Promise<number | undefined> {
  return new Promise((resolve, reject) => {
    const sent = request(`${inboxUrl}/socket.io/?EIO=4&transport=websocket`, {
      headers: {
        connection: "Upgrade",
        upgrade: "websocket",
        "sec-websocket-version": "13",
        "sec-websocket-key": randomBytes(16).toString("base64"),
        ...headers,
      },
    });
    sent.on("upgrade", (answer, socket) => {
      socket.destroy();
      resolve(answer.statusCode);
    });
    sent.on("response", (answer) => {
      answer.resume();
      resolve(answer.statusCode);
    });
    sent.on("error", reject);
    sent.end();
  });
}

describe("the emails' texts", () => {
  it("escapes names in the HTML and keeps line breaks out of the subject", () => {
    const mail = invitationMail({
      to: { address: "a@example.com", name: "<img src=x>\nBcc: x@evil.example", locale: "en" },
      companyName: 'Acme "&" Co',
      inviterName: "Ann\r\nBcc: y@evil.example",
      url: "https://crm.example/invite#t1.s",
      days: 7,
    });
    expect(mail.html).not.toContain("<img");
    expect(mail.html).toContain("&lt;img src=x&gt;");
    expect(mail.html).toContain("Acme &quot;&amp;&quot; Co");
    expect(mail.subject).not.toMatch(/[\r\n]/);
    expect(mail.to.name).not.toMatch(/[\r\n]/);
    expect(mail.text).toContain("https://crm.example/invite#t1.s");
  });

  it("writes each email in zh-CN or en", () => {
    const base = {
      companyName: "Acme",
      url: "https://crm.example/reset-password#t",
      hours: 24,
      adminName: "Ann",
    };
    const en = passwordResetMail({ ...base, to: { address: "a@example.com", name: "Bo", locale: "en" } });
    const zh = passwordResetMail({ ...base, to: { address: "a@example.com", name: "Bo", locale: "zh-CN" } });
    expect(en.text).toContain("“Ann”, an admin of “Acme”");
    expect(en.text).toContain("24 hours");
    expect(zh.text).toContain("管理员「Ann」");
    expect(zh.text).toContain("24 小时内有效");
  });
});
