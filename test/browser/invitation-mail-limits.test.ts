import { resolve } from "node:path";
import { type EmbeddedStack, startEmbeddedStack } from "@crm/embedded/stack";
import { RATE_LIMITS } from "@crm/functions/api/rate-limit-policy";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PASSWORD, uniqueEmail } from "../support/api.js";
import { launchBrowser, phone, shot } from "../support/browser.js";

describe("an invitation link past the mail limit", () => {
  // A stack of its own: the shared one's limits are raised for the other suites. One mail per address an hour.
  let stack: EmbeddedStack;
  let browser: Browser;
  beforeAll(async () => {
    [stack, browser] = await Promise.all([
      startEmbeddedStack({
        webDist: resolve(import.meta.dirname, "../../web/dist"),
        rateLimits: {
          ...RATE_LIMITS,
          invitationMailsPerRecipient: { ...RATE_LIMITS.invitationMailsPerRecipient, attempts: 1 },
        },
      }),
      launchBrowser(),
    ]);
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  it("is shown to the admin with the reason no email went, in Chinese and in English", {
    timeout: 120_000,
  }, async () => {
    // Windows are fixed hours: start in a fresh one rather than straddle a window's end.
    const { windowSeconds } = RATE_LIMITS.invitationMailsPerRecipient;
    const left = windowSeconds - ((Date.now() / 1000) % windowSeconds);
    if (left < 30) await new Promise((done) => setTimeout(done, (left + 1) * 1000));
    const api = async (path: string, body: unknown, token?: string) => {
      const response = await fetch(`${stack.url}${path}`, {
        method: "POST",
        headers: { "content-type": "application/json", ...(token && { authorization: `Bearer ${token}` }) },
        body: JSON.stringify(body),
      });
      return { status: response.status, body: await response.json() };
    };
    const adminEmail = uniqueEmail("mail-limit-admin");
    const signup = await api("/v1/signup", {
      companyName: "Limited Ltd",
      adminName: "Lee",
      adminEmail,
      password: PASSWORD,
    });
    expect(signup.status).toBe(201);
    const { body: session } = await api("/v1/auth/login", { email: adminEmail, password: PASSWORD });
    const email = uniqueEmail("mail-limit-invitee");
    const invited = await api("/v1/users", { email, name: "Ivy Invitee", role: "rep" }, session.accessToken);
    expect(invited.body.invitation.emailed).toBe(true);

    const cases = [
      {
        locale: "zh-CN",
        labels: ["邮箱", "密码", "登录"],
        edit: "编辑 Ivy Invitee",
        newLink: "重新生成邀请链接",
        notice: `未发送邮件：${email} 在一小时内收到的邀请邮件已达上限。请自行转交此链接，它同样有效。`,
      },
      {
        locale: "en-US",
        labels: ["Email", "Password", "Sign in"],
        edit: "Edit Ivy Invitee",
        newLink: "New invitation link",
        notice: `No email went: ${email} has had the most invitation emails allowed in an hour. Hand the link over yourself; it works all the same.`,
      },
    ] as const;
    for (const { locale, labels, edit, newLink, notice } of cases) {
      const page = await (await phone(browser, locale)).newPage();
      await page.goto(`${stack.url}/login`);
      await page.getByLabel(labels[0]).fill(adminEmail);
      await page.getByLabel(labels[1]).fill(PASSWORD);
      await page.getByRole("button", { name: labels[2] }).tap();
      await expect
        .poll(() => page.getByRole("navigation", { name: "main" }).isVisible(), { timeout: 15_000 })
        .toBe(true);
      await page.goto(`${stack.url}/team`);
      await page.getByRole("button", { name: edit }).tap();
      await page.getByRole("button", { name: newLink }).tap();
      await expect.poll(() => page.getByText(notice).isVisible(), { timeout: 10_000 }).toBe(true);
      // The link is there to hand over all the same.
      expect(await page.getByLabel("invitation link").inputValue()).toMatch(/\/invite#/);
      await page.screenshot({ path: shot(`invite-mail-limit-${locale}`), fullPage: true });
      await page.context().close();
    }
  });
});
