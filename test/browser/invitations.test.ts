import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call, PASSWORD, signUpTenant, uniqueEmail } from "../support/api.js";
import { launchBrowser, phone, shot } from "../support/browser.js";

describe("an invitation link on a phone", () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it("says, in Chinese and in English, that a replaced link no longer works and to ask the admin", async () => {
    const { admin } = await signUpTenant("browser-old-link");
    const invited = await call("POST", "/v1/users", {
      token: admin.token,
      body: { email: uniqueEmail("old-link"), name: "Olga Old", role: "rep" },
    });
    const replaced = await call("POST", `/v1/users/${invited.body.id}/invitation`, { token: admin.token });
    expect(replaced.status).toBe(201);

    const cases = [
      {
        locale: "zh-CN",
        password: "设置密码",
        submit: "设置密码并登录",
        message: "此邀请链接已被使用、已被新链接取代或已过期，请联系管理员获取新链接。",
      },
      {
        locale: "en-US",
        password: "Choose a password",
        submit: "Set password and sign in",
        message:
          "This invitation link has been used or replaced by a newer one, or it has expired. Ask your admin for a new link.",
      },
    ];
    for (const { locale, password, submit, message } of cases) {
      const context = await phone(browser, locale);
      const page = await context.newPage();
      await page.goto(invited.body.invitation.url);
      await page.getByLabel(password).fill(PASSWORD);
      await page.getByRole("button", { name: submit }).tap();
      await expect.poll(() => page.getByRole("alert").textContent(), { timeout: 10_000 }).toBe(message);
      // Nothing to retry on this page: the form is gone.
      expect(await page.getByRole("button", { name: submit }).count()).toBe(0);
      await page.screenshot({ path: shot(`invite-gone-${locale}`), fullPage: true });
      await context.close();
    }
  });
});
