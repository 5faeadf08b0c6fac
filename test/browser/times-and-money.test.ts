import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call, crm, signUpTenant, type TestTenant } from "../support/api.js";
import { launchBrowser, shot, signedInPhone } from "../support/browser.js";

const MINUTE = 60_000;

/** Shanghai is UTC+8 all year: a wall-clock reading there as the instant it names. */
const shanghaiInstant = (wallTime: string) => Date.parse(`${wallTime}:00+08:00`);

type Transaction = { amount: number; currency: string; occurredAt: string; externalRef?: string };

async function transactionByRef(tenant: TestTenant, customerId: string, ref: string): Promise<Transaction> {
  const list = await call("GET", `/v1/customers/${customerId}/transactions?limit=50`, {
    token: tenant.admin.token,
  });
  const found = (list.body.items as Transaction[]).find((item) => item.externalRef === ref);
  if (!found) throw new Error(`no transaction ${ref}: ${JSON.stringify(list.body)}`);
  return found;
}

/** Opens the purchase sheet on the customer's page; answers the sheet. */
async function openPurchaseSheet(page: Page, customerId: string) {
  await page.goto(`${crm().url}/customers/${customerId}`);
  await page.getByRole("button", { name: "记录购买或退款" }).tap();
  return page.getByRole("dialog", { name: "记录购买或退款" });
}

describe("times and money on a phone", () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it("a purchase is entered on the company's clock in Shanghai, from a phone in Shanghai or in New York, and amounts are read as people type them", async () => {
    const tenant = await signUpTenant("browser-times", { locale: "zh-CN", timeZone: "Asia/Shanghai" });
    const settings = await call("GET", "/v1/tenant/settings", { token: tenant.admin.token });
    expect(settings.body).toMatchObject({ timeZone: "Asia/Shanghai", currency: "CNY", phoneRegion: "CN" });
    const customer = await call("POST", "/v1/customers", {
      token: tenant.admin.token,
      body: { kind: "person", name: "王芳", phones: ["+8613812345678"], birthday: "1990-05-17" },
    });
    expect(customer.status).toBe(201);
    const id = customer.body.id as string;

    // A phone in Shanghai.
    const page = await signedInPhone(browser, tenant.admin);
    await page.getByRole("link", { name: "客户" }).first().waitFor();
    const sheet = await openPurchaseSheet(page, id);
    // The phone and the birthday read as a Chinese reader writes them.
    const callLink = page.getByRole("link", { name: "拨打 138 1234 5678" });
    expect(await callLink.getAttribute("href")).toBe("tel:+8613812345678");
    expect(await page.getByText("1990年5月17日").isVisible()).toBe(true);

    // The form says which zone it reads, and starts at now on that clock (not UTC's: the 03:32 for 11:32).
    await expect
      .poll(() => sheet.getByText("按公司时区填写：中国标准时间 (Asia/Shanghai, GMT+8)").isVisible())
      .toBe(true);
    const startsAt = shanghaiInstant(await sheet.getByLabel("时间").inputValue());
    expect(Math.abs(startsAt - Date.now())).toBeLessThan(2 * MINUTE);

    // An empty amount is refused in Chinese, before anything is sent.
    await sheet.getByRole("button", { name: "保存" }).tap();
    await expect.poll(() => sheet.getByText("请输入金额。").isVisible()).toBe(true);
    await page.screenshot({ path: shot("40-purchase-empty-amount-zh") });
    await sheet.getByLabel("金额（人民币 · ¥）").fill("一百");
    await sheet.getByRole("button", { name: "保存" }).tap();
    await expect.poll(() => sheet.getByText("请输入金额，例如 ¥1,299.50。").isVisible()).toBe(true);
    expect(
      (await call("GET", `/v1/customers/${id}`, { token: tenant.admin.token })).body.purchases.count,
    ).toBe(0);

    // Typed as people type money, read like the import reads it; the time is Shanghai's.
    await sheet.getByLabel("金额（人民币 · ¥）").fill("¥1,299.50");
    await expect.poll(() => sheet.getByText("¥1,299.50", { exact: true }).isVisible()).toBe(true);
    await sheet.getByLabel("时间").fill("2026-11-28T11:32");
    await sheet.getByLabel("订单号").fill("PO-SH-1");
    await page.screenshot({ path: shot("41-purchase-form-shanghai") });
    await sheet.getByRole("button", { name: "保存" }).tap();
    await expect.poll(() => page.getByRole("dialog").count(), { timeout: 10_000 }).toBe(0);
    const inShanghai = await transactionByRef(tenant, id, "PO-SH-1");
    expect(inShanghai.amount).toBe(129_950);
    expect(inShanghai.currency).toBe("CNY");
    expect(inShanghai.occurredAt).toBe("2026-11-28T03:32:00.000Z");
    // Shown back on the company's clock, in the company's money.
    await expect
      .poll(() => page.getByText("2026年11月28日 11:32").isVisible(), { timeout: 10_000 })
      .toBe(true);
    await expect.poll(() => page.locator(".stats").textContent()).toContain("¥1,299.50");
    await page.screenshot({ path: shot("42-purchase-shown-shanghai"), fullPage: true });
    await page.context().close();

    // A phone in New York, 13 hours behind in November, for the same company: still Shanghai's clock.
    const abroad = await signedInPhone(browser, tenant.admin, "zh-CN", { timezoneId: "America/New_York" });
    await abroad.getByRole("link", { name: "客户" }).first().waitFor();
    expect(await abroad.evaluate(() => Intl.DateTimeFormat().resolvedOptions().timeZone)).toBe(
      "America/New_York",
    );
    const abroadSheet = await openPurchaseSheet(abroad, id);
    const abroadStartsAt = shanghaiInstant(await abroadSheet.getByLabel("时间").inputValue());
    expect(Math.abs(abroadStartsAt - Date.now())).toBeLessThan(2 * MINUTE);
    // Listed at Shanghai's 11:32, not New York's 22:32 of the day before.
    await expect.poll(() => abroad.getByText("2026年11月28日 11:32").isVisible()).toBe(true);
    await abroadSheet.getByLabel("金额（人民币 · ¥）").fill("1,299.50");
    await abroadSheet.getByLabel("时间").fill("2026-07-01T09:15");
    await abroadSheet.getByLabel("订单号").fill("PO-NY-1");
    await abroadSheet.getByRole("button", { name: "保存" }).tap();
    await expect.poll(() => abroad.getByRole("dialog").count(), { timeout: 10_000 }).toBe(0);
    const fromNewYork = await transactionByRef(tenant, id, "PO-NY-1");
    expect(fromNewYork.amount).toBe(129_950);
    expect(fromNewYork.occurredAt).toBe("2026-07-01T01:15:00.000Z");
    await expect
      .poll(() => abroad.getByText("2026年7月1日 09:15").isVisible(), { timeout: 10_000 })
      .toBe(true);
    await abroad.screenshot({ path: shot("43-purchase-shown-new-york-browser"), fullPage: true });
    await abroad.context().close();
  });

  it("an admin picks currency and time zone by searching, the likely ones first, and percentages are checked as typed", async () => {
    const tenant = await signUpTenant("browser-pickers", { locale: "zh-CN", timeZone: "Asia/Shanghai" });
    const page = await signedInPhone(browser, tenant.admin);
    await page.getByRole("link", { name: "设置" }).tap();

    await page.getByRole("button", { name: /^币种/ }).tap();
    const currencies = page.getByRole("dialog", { name: "币种" });
    await expect.poll(() => currencies.getByRole("heading", { name: "常用" }).isVisible()).toBe(true);
    expect(
      await currencies.locator(".picker-list").first().getByRole("button").first().textContent(),
    ).toMatch(/^CNY\s*人民币/);
    await page.screenshot({ path: shot("44-currency-picker") });
    await currencies.getByRole("searchbox").fill("美元");
    await currencies.getByRole("button", { name: /^USD\s*美元/ }).tap();
    await expect.poll(() => page.getByRole("button", { name: /^币种 USD/ }).isVisible()).toBe(true);

    await page.getByRole("button", { name: /^时区/ }).tap();
    const zones = page.getByRole("dialog", { name: "时区" });
    // The reader's name for the zone and a city of it first; its id and offset below.
    expect(await zones.locator(".picker-list").first().getByRole("button").first().textContent()).toMatch(
      /^中国标准时间 · 上海\s*Asia\/Shanghai · GMT\+8/,
    );
    await zones.getByRole("searchbox").fill("纽约");
    await page.screenshot({ path: shot("45-time-zone-picker") });
    await zones.getByRole("button", { name: /^北美东部时间 · 纽约\s*America\/New_York/ }).tap();
    await expect
      .poll(() => page.getByRole("button", { name: /^时区 北美东部时间 · 纽约/ }).isVisible())
      .toBe(true);
    await page.getByRole("button", { name: "保存", exact: true }).tap();
    await expect.poll(() => page.getByText("已保存", { exact: true }).isVisible()).toBe(true);
    const saved = await call("GET", "/v1/tenant/settings", { token: tenant.admin.token });
    expect(saved.body).toMatchObject({ currency: "USD", timeZone: "America/New_York" });

    // A share is typed in percent and checked in percent, in the reader's language, before it is sent.
    const aShare = page.getByLabel("A 类：收入占比（%）");
    await aShare.fill("100");
    await page.getByRole("button", { name: "保存评分规则" }).tap();
    await expect.poll(() => page.getByText("请输入大于 0% 且小于 100% 的数。").isVisible()).toBe(true);
    await page.screenshot({ path: shot("46-scoring-percent-check"), fullPage: true });
    await aShare.fill("八十");
    await expect.poll(() => page.getByText("请输入数字。").isVisible()).toBe(true);
    await aShare.fill("75");
    await expect.poll(() => page.getByText("请输入数字。").isVisible()).toBe(false);
    await page.getByRole("button", { name: "保存评分规则" }).tap();
    await expect.poll(() => page.getByText("已保存。下一次评分将使用这些规则。").isVisible()).toBe(true);
    const scoring = await call("GET", "/v1/tenant/settings", { token: tenant.admin.token });
    expect(scoring.body.scoring.abc.aShare).toBe(0.75);
    await page.context().close();
  });
});
