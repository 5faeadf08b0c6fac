import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { crm, signUpTenant } from "../support/api.js";
import { launchBrowser, shot, signedInPhone } from "../support/browser.js";

/**
 * The app opened while the CRM is briefly unavailable (the database restarting
 * under the embedded stack, say): the session's refresh answers 503. The rep
 * reads that the CRM is unavailable, not "sign in first", keeps their session,
 * and the app comes back by itself once the CRM answers again.
 */
describe("the app opened while the CRM is briefly unavailable", () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it("says the CRM is briefly unavailable, keeps the session and comes back by itself", async () => {
    const tenant = await signUpTenant("browser-unavailable", { locale: "zh-CN" });
    const signedIn = await signedInPhone(browser, tenant.admin);
    await expect.poll(() => signedIn.locator(".tabbar").isVisible(), { timeout: 10_000 }).toBe(true);
    // A new tab of the same phone: no access token in memory, the refresh token in storage.
    const page = await signedIn.context().newPage();
    let unavailable = 2;
    await page.route("**/v1/auth/refresh", async (route) => {
      if (unavailable-- <= 0) return route.continue();
      await route.fulfill({
        status: 503,
        headers: { "content-type": "application/problem+json", "retry-after": "5" },
        body: JSON.stringify({
          type: "urn:problem:crm:service-unavailable",
          title: "Temporarily unavailable",
          status: 503,
          code: "service-unavailable",
        }),
      });
    });
    await page.goto(`${crm().url}/`);
    await expect
      .poll(() => page.locator("main").textContent(), { timeout: 10_000 })
      .toContain("CRM 暂时无法使用，请几秒钟后重试。");
    expect(await page.locator("main").textContent()).not.toContain("请先登录");
    await page.screenshot({ path: shot("unavailable-1-opened-during-outage") });
    // Nobody reloads: the app asks again and the rep is in, still signed in.
    await expect.poll(() => page.locator(".tabbar").isVisible(), { timeout: 20_000 }).toBe(true);
    expect(await page.evaluate(() => localStorage.getItem("crm.refreshToken"))).toBeTruthy();
    await page.screenshot({ path: shot("unavailable-2-back") });
    await page.context().close();
  });
});
