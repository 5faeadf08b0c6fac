import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call, crm, signUpTenant } from "../support/api.js";
import { launchBrowser, shot, signedInPhone } from "../support/browser.js";

describe("on a Chinese phone", () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it("every import problem names its column (or the field no column holds), and a custom field is told apart from a standard one", async () => {
    const tenant = await signUpTenant("browser-import-columns", { locale: "zh-CN" });
    for (const body of [
      { key: "yusuan", label: { en: "Budget", "zh-CN": "预算" }, type: "number", required: true },
      { key: "dianhua", label: { en: "Landline", "zh-CN": "电话" }, type: "text" },
    ]) {
      const made = await call("POST", "/v1/custom-fields", {
        token: tenant.admin.token,
        body: { entity: "customer", ...body },
      });
      expect(made.status).toBe(201);
    }
    const page = await signedInPhone(browser, tenant.admin, "zh-CN");
    await page.getByRole("link", { name: "客户" }).first().waitFor();
    await page.goto(`${crm().url}/customers/import`);
    await page.locator('input[type="file"]').setInputFiles({
      name: "客户.csv",
      mimeType: "text/csv",
      buffer: Buffer.from("姓名,手机\r\n,138 0000 0001\r\n张伟,12\r\n", "utf8"),
    });
    await expect.poll(() => page.getByLabel("姓名").inputValue()).toBe("name");
    // The standard 电话 (phones) and the custom field 电话, each once, told apart.
    const options = await page.getByLabel("手机").locator("option").allTextContents();
    expect(options.filter((text) => text.startsWith("电话"))).toEqual(["电话", "电话（自定义字段）"]);
    await page.getByRole("button", { name: "检查（试运行）" }).tap();
    const problems = page.locator("ol.problems li");
    await expect.poll(() => problems.count(), { timeout: 15_000 }).toBe(4);
    expect(await problems.allTextContents()).toEqual([
      "第 2 行，姓名： 此项必填。",
      "第 2 行，预算（文件中无此列）： 此项必填。",
      "第 3 行，手机： 不是有效的电话号码。",
      "第 3 行，预算（文件中无此列）： 此项必填。",
    ]);
    for (const text of await problems.allTextContents()) expect(text).not.toMatch(/，：/);
    await page.screenshot({ path: shot("24-import-problem-columns"), fullPage: true });
    await page.context().close();
  });

  it("a custom field's key comes from its Chinese label in pinyin and can be edited; its options read in Chinese", async () => {
    const tenant = await signUpTenant("browser-field-key", { locale: "zh-CN" });
    const page = await signedInPhone(browser, tenant.admin, "zh-CN");
    await page.getByRole("link", { name: "设置" }).tap();
    await page.getByRole("button", { name: "添加字段" }).tap();
    const sheet = page.getByRole("dialog");
    await sheet.getByLabel("中文名称").fill("客户等级");
    await expect.poll(() => sheet.getByLabel("键名").inputValue()).toBe("kehudengji");
    await sheet.getByLabel("英文名称").fill("Customer level");
    // The Chinese label leads on a Chinese page; the admin may still write their own key.
    expect(await sheet.getByLabel("键名").inputValue()).toBe("kehudengji");
    await sheet.getByLabel("键名").fill("level");
    await sheet.getByLabel("类型").selectOption("select");
    await sheet.getByLabel("选项 1（中文）").fill("金卡");
    await sheet.getByLabel("选项 1（英文）").fill("Gold");
    await sheet.getByRole("button", { name: "添加选项" }).tap();
    await sheet.getByLabel("选项 2（中文）").fill("银卡");
    await sheet.getByLabel("选项 2（英文）").fill("Silver");
    await page.screenshot({ path: shot("27-custom-field-options") });
    await sheet.getByRole("button", { name: "添加字段" }).tap();
    await expect.poll(() => page.getByText("单选 · level · 金卡, 银卡").isVisible()).toBe(true);
    const fields = await call("GET", "/v1/custom-fields", { token: tenant.admin.token });
    expect(fields.body.items[0]).toMatchObject({
      key: "level",
      options: ["jinka", "yinka"],
      optionLabels: { jinka: { en: "Gold", "zh-CN": "金卡" }, yinka: { en: "Silver", "zh-CN": "银卡" } },
    });
    await page.context().close();
  });

  it("a customer who bought but was not scored yet says so, and an admin scores now", async () => {
    const tenant = await signUpTenant("browser-score-now", { locale: "zh-CN" });
    const customer = await call("POST", "/v1/customers", {
      token: tenant.admin.token,
      body: { kind: "person", name: "周杰" },
    });
    const bought = await call("POST", `/v1/customers/${customer.body.id}/transactions`, {
      token: tenant.admin.token,
      body: { occurredAt: "2026-03-01T02:00:00Z", amount: 12_800, currency: "CNY", kind: "purchase" },
    });
    expect(bought.status).toBe(201);
    const page = await signedInPhone(browser, tenant.admin, "zh-CN");
    await page.getByRole("link", { name: "客户" }).first().waitFor();
    await page.goto(`${crm().url}/customers/${customer.body.id}`);
    await expect
      .poll(() => page.getByText("尚未评分：每晚 03:00 自动评分，也可以现在评分。").isVisible())
      .toBe(true);
    expect(await page.getByText("还没有购买").count()).toBe(0);
    await page.screenshot({ path: shot("25-not-scored-yet"), fullPage: true });
    await page.getByRole("button", { name: "立即评分" }).tap();
    await expect
      .poll(() => page.getByText("细分", { exact: true }).isVisible(), { timeout: 30_000 })
      .toBe(true);
    expect(await page.getByText("尚未评分").count()).toBe(0);
    await page.screenshot({ path: shot("26-scored-now"), fullPage: true });
    await page.context().close();
  });
});
