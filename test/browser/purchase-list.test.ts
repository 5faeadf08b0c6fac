import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call, crm, purchase, signUpTenant } from "../support/api.js";
import { launchBrowser, shot, signedInPhone } from "../support/browser.js";

describe("the purchase list on a phone", () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it("pages through every purchase, voids one with a reason and corrects another (zh-CN, Shanghai)", async () => {
    const tenant = await signUpTenant("browser-purchases", { locale: "zh-CN" });
    const customer = (
      await call("POST", "/v1/customers", {
        token: tenant.admin.token,
        body: { kind: "person", name: "王芳" },
      })
    ).body;
    // 13 purchases of ¥1.00 … ¥13.00, one a day: more than a page.
    for (let day = 1; day <= 13; day++) {
      const answer = await call("POST", `/v1/customers/${customer.id}/transactions`, {
        token: tenant.admin.token,
        body: purchase(day * 100, `2026-01-${String(day).padStart(2, "0")}T02:00:00Z`),
      });
      expect(answer.status).toBe(201);
    }

    const page = await signedInPhone(browser, tenant.admin);
    await page.waitForURL((url) => !url.pathname.startsWith("/login"));
    await page.goto(`${crm().url}/customers/${customer.id}`);
    await expect
      .poll(() => page.getByRole("heading", { name: "王芳" }).isVisible(), { timeout: 10_000 })
      .toBe(true);
    const entries = page.locator(".purchase-entry");
    await expect.poll(() => entries.count(), { timeout: 10_000 }).toBe(10);
    // Times are the company's (Shanghai): 02:00Z on 13 January reads 10:00.
    await expect.poll(() => entries.first().textContent()).toContain("10:00");

    await page.getByRole("button", { name: "显示更多" }).tap();
    await expect.poll(() => entries.count()).toBe(13);
    await expect.poll(() => page.getByRole("button", { name: "显示更多" }).count()).toBe(0);
    await expect.poll(() => entries.last().textContent()).toContain("¥1.00");

    // Void the latest: a reason is asked for, then it stays, struck through, with its reversal under it.
    await page.getByRole("button", { name: /^作废或更正：购买 ¥13\.00/ }).tap();
    const sheet = page.getByRole("dialog");
    await sheet.getByRole("button", { name: "作废", exact: true }).tap();
    await sheet.getByRole("button", { name: "确认作废" }).tap();
    await expect.poll(() => sheet.getByText("此项必填。").isVisible()).toBe(true);
    await sheet.getByLabel("原因").fill("重复录入");
    await sheet.getByRole("button", { name: "确认作废" }).tap();
    await expect.poll(() => page.getByRole("dialog").count(), { timeout: 10_000 }).toBe(0);

    const voided = page.locator(".purchase-entry.voided");
    await expect.poll(() => voided.count()).toBe(1);
    expect(await voided.locator("s").textContent()).toBe("¥13.00");
    expect(await voided.textContent()).toContain("作废：重复录入");
    const reversal = page.locator(".purchase-entry.reversal");
    expect(await reversal.textContent()).toContain("冲销");
    expect(await reversal.textContent()).toContain("−¥13.00");
    // The reversal sits right under the entry it cancels.
    expect(await entries.nth(1).getAttribute("class")).toContain("reversal");
    // A voided entry offers no more actions; the aggregates and the history follow.
    await expect.poll(() => page.getByRole("button", { name: /^作废或更正：购买 ¥13\.00/ }).count()).toBe(0);
    await expect.poll(() => page.locator(".stats").textContent()).toContain("12");
    await expect
      .poll(() => page.locator(".history").textContent())
      .toContain("作废了一笔记录（购买 ¥13.00，");
    await page.screenshot({ path: shot("60-purchase-voided"), fullPage: true });

    // Correct another: typed as people type money; the corrected entry is linked to the one it replaces.
    await page.getByRole("button", { name: /^作废或更正：购买 ¥12\.00/ }).tap();
    await sheet.getByRole("button", { name: "更正", exact: true }).tap();
    await sheet.getByLabel(/金额/).fill("¥1,200");
    await sheet.getByLabel("原因").fill("少录了两个零");
    await sheet.getByRole("button", { name: "保存更正" }).tap();
    await expect.poll(() => page.getByRole("dialog").count(), { timeout: 10_000 }).toBe(0);
    const correction = page.locator(".purchase-entry.correction");
    await expect.poll(() => correction.count()).toBe(1);
    expect(await correction.textContent()).toContain("¥1,200.00");
    expect(await correction.textContent()).toContain("更正后的记录，替代");
    await expect.poll(() => page.locator(".purchase-entry.voided").count()).toBe(2);
    await expect.poll(() => page.locator(".history").textContent()).toContain("为 购买 ¥1,200.00");
    await page.screenshot({ path: shot("61-purchase-corrected"), fullPage: true });

    // The API agrees: 13 entries, two voided, two reversals, one correction; nothing deleted.
    const list = await call("GET", `/v1/customers/${customer.id}/transactions?limit=100`, {
      token: tenant.admin.token,
    });
    expect(list.body.items).toHaveLength(16);
    const read = await call("GET", `/v1/customers/${customer.id}`, { token: tenant.admin.token });
    expect(read.body.purchases).toMatchObject({ count: 12, netAmount: (91 - 13 - 12) * 100 + 120_000 });
  });
});
