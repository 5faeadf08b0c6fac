import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call, signUpTenant } from "../support/api.js";
import { launchBrowser, shot, signedInPhone } from "../support/browser.js";

describe("the search box on a phone", () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it("finds by phone or a contact's email and says what matched, in Chinese; a search too long is said in Chinese", async () => {
    const tenant = await signUpTenant("search-web", { locale: "zh-CN" });
    const token = tenant.admin.token;
    await call("POST", "/v1/customers", {
      token,
      body: { kind: "person", name: "张伟", phones: ["13812345678"] },
    });
    const galaxy = await call("POST", "/v1/customers", {
      token,
      body: { kind: "company", name: "星河贸易" },
    });
    await call("POST", `/v1/customers/${galaxy.body.id}/contacts`, {
      token,
      body: { name: "李四", emails: ["lisi@galaxy.test"] },
    });
    const page = await signedInPhone(browser, tenant.admin);
    await page.getByRole("link", { name: "客户" }).first().tap();
    const box = page.getByPlaceholder("姓名、电话或邮箱");
    await box.fill("138 1234");
    const list = page.getByRole("list", { name: "客户" });
    await expect.poll(() => list.textContent()).toContain("张伟");
    expect(await list.textContent()).toContain("匹配：138 1234 5678");
    await page.screenshot({ path: shot("12b-customer-search-phone") });

    await box.fill("LISI@galaxy");
    await expect.poll(() => list.textContent()).toContain("星河贸易");
    expect(await list.textContent()).toContain("联系人 李四：lisi@galaxy.test");

    // The box takes no more than the API does (100 characters).
    await box.fill("张".repeat(150));
    expect((await box.inputValue()).length).toBe(100);
    await expect.poll(() => list.textContent()).not.toContain("星河贸易");

    // A longer search that reaches the API anyway is refused in Chinese, and lists nothing under it.
    await box.fill("星河");
    await expect.poll(() => list.textContent()).toContain("星河贸易");
    await box.evaluate((input) => input.removeAttribute("maxlength"));
    await box.fill("张".repeat(150));
    const alert = page.getByRole("alert");
    await expect.poll(() => alert.textContent().catch(() => "")).toMatch(/100/);
    expect(await alert.textContent()).not.toMatch(/[A-Za-z]{3,}/);
    expect(await list.locator("li").count()).toBe(0);
  });
});
