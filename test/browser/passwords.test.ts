import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addMember, call, crm, PASSWORD, signUpTenant } from "../support/api.js";
import { launchBrowser, phone, shot, signedInPhone } from "../support/browser.js";
import { linkIn, waitForMails } from "../support/mail.js";

const NEW_PASSWORD = "Xin-Mima-2026a";

const signsIn = async (email: string, password: string) =>
  (await call("POST", "/v1/auth/login", { body: { email, password } })).status === 200;

describe("passwords on a phone", () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it("resets a forgotten password in Chinese through the mail catcher: 忘记密码 → email → new password → signed in", async () => {
    const tenant = await signUpTenant("browser-forgot", { locale: "zh-CN", companyName: "星河贸易" });
    const rep = await addMember(tenant.admin.token, "rep", "forgot");
    const context = await phone(browser);
    const page = await context.newPage();
    await page.goto(`${crm().url}/login`);
    await page.getByLabel("邮箱").fill(rep.email);
    await page.getByRole("link", { name: "忘记密码？" }).tap();
    await expect.poll(() => page.getByRole("heading", { level: 1 }).textContent()).toBe("重设密码");
    // The email typed on the sign-in page comes along.
    expect(await page.getByLabel("邮箱").inputValue()).toBe(rep.email);
    await page.getByRole("button", { name: "发送链接" }).tap();
    await expect
      .poll(() => page.locator("p.notice[role=status]").textContent(), { timeout: 10_000 })
      .toContain(`如果 ${rep.email} 已注册`);
    await page.screenshot({ path: shot("40-forgot-password-sent"), fullPage: true });

    // The invitation came first; the reset mail is in Chinese, the language of the page.
    const [, mail] = await waitForMails(rep.email, 2);
    expect(mail?.subject).toBe("重设您的 CRM 密码");
    expect(mail?.text).toContain("「星河贸易」");
    const { url } = linkIn(mail as never, "reset-password");

    await page.goto(url);
    await expect.poll(() => page.getByRole("heading", { level: 1 }).textContent()).toBe("设置新密码");
    await page.getByLabel("新密码").fill("short");
    await page.getByRole("button", { name: "设置密码并登录" }).tap();
    // The policy's problems, in Chinese.
    await expect.poll(() => page.locator(".field.has-error small").textContent()).toContain("需包含大写字母");
    await page.getByLabel("新密码").fill(NEW_PASSWORD);
    await page.getByRole("button", { name: "设置密码并登录" }).tap();
    await expect
      .poll(() => page.getByRole("navigation", { name: "main" }).isVisible(), { timeout: 15_000 })
      .toBe(true);
    await page.screenshot({ path: shot("41-reset-password-signed-in"), fullPage: true });
    expect(await signsIn(rep.email, NEW_PASSWORD)).toBe(true);
    expect(await signsIn(rep.email, PASSWORD)).toBe(false);

    // The link is spent: opening it again says so and offers a new one.
    await page.goto(url);
    await page.getByLabel("新密码").fill("Another-Mima-2026");
    await page.getByRole("button", { name: "设置密码并登录" }).tap();
    await expect
      .poll(() => page.getByRole("alert").textContent(), { timeout: 10_000 })
      .toBe("此链接已被使用、已被新链接取代或已过期。");
    expect(await page.getByRole("link", { name: "重新获取链接" }).count()).toBe(1);
    await context.close();
  });

  it("changes the password on the account page in Chinese, and the other phone is signed out", async () => {
    const tenant = await signUpTenant("browser-change", { locale: "zh-CN" });
    const rep = await addMember(tenant.admin.token, "rep");
    const page = await signedInPhone(browser, rep);
    await expect
      .poll(() => page.getByRole("navigation", { name: "main" }).isVisible(), { timeout: 15_000 })
      .toBe(true);
    await page.goto(`${crm().url}/account`);
    await page.getByLabel("当前密码").fill("Wrong-Mima-2026");
    await page.getByLabel("新密码").fill(NEW_PASSWORD);
    await page.getByRole("button", { name: "修改密码" }).tap();
    await expect
      .poll(() => page.locator(".field.has-error small").first().textContent())
      .toBe("当前密码不正确。");
    await page.getByLabel("当前密码").fill(PASSWORD);
    await page.getByRole("button", { name: "修改密码" }).tap();
    await expect
      .poll(() => page.locator("p.notice[role=status]").textContent(), { timeout: 15_000 })
      .toBe("密码已修改，您在其他设备上的登录已退出。");
    await page.screenshot({ path: shot("42-password-changed"), fullPage: true });
    // This phone keeps working with its new session; the session the test signed in with is over.
    await page.reload();
    await expect
      .poll(() => page.getByRole("heading", { level: 1 }).textContent(), { timeout: 15_000 })
      .toBe("我的账号");
    expect((await call("GET", "/v1/me", { token: rep.token })).status).toBe(401);
    expect(await signsIn(rep.email, NEW_PASSWORD)).toBe(true);
    await page.context().close();
  });

  it("lets an admin issue a reset link from the team page, shown and emailed", async () => {
    const tenant = await signUpTenant("browser-admin-reset", { locale: "zh-CN" });
    const rep = await addMember(tenant.admin.token, "rep", "linked");
    const page = await signedInPhone(browser, tenant.admin);
    await expect
      .poll(() => page.getByRole("navigation", { name: "main" }).isVisible(), { timeout: 15_000 })
      .toBe(true);
    await page.goto(`${crm().url}/team`);
    await page
      .getByRole("button", { name: /linked person/ })
      .first()
      .tap();
    await page.getByRole("button", { name: "重设密码链接" }).tap();
    await expect
      .poll(() => page.getByText(`也已通过邮件发送至 ${rep.email}。`).isVisible(), { timeout: 10_000 })
      .toBe(true);
    const shown = await page.getByLabel("invitation link").inputValue();
    await page.screenshot({ path: shot("43-admin-reset-link"), fullPage: true });
    const [, mail] = await waitForMails(rep.email, 2);
    expect(linkIn(mail as never, "reset-password").url).toBe(shown);
    await page.context().close();
  });
});
