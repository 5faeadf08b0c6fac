import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addMember, call, signUpTenant } from "../support/api.js";
import { launchBrowser, shot, signedInPhone } from "../support/browser.js";
import { seedBuyers, tenantData } from "../support/scoring.js";

describe("analytics on a phone", () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it("an admin scores the customers now, reads the charts, opens a segment and a customer's explained score", async () => {
    const tenant = await signUpTenant("browser-analytics", { locale: "zh-CN", timeZone: "Asia/Shanghai" });
    const rep = await addMember(tenant.admin.token, "rep");
    await seedBuyers(await tenantData(tenant.tenantId), {
      count: 120,
      owners: [
        { id: tenant.admin.id, name: "Admin" },
        { id: rep.id, name: "Rep" },
      ],
      label: "客户",
    });
    const page = await signedInPhone(browser, tenant.admin, "zh-CN");

    await page.getByRole("link", { name: "分析" }).tap();
    await expect.poll(() => page.getByText("还没有评分").isVisible()).toBe(true);
    await page.getByRole("button", { name: "立即为全部客户评分" }).tap();
    // The run's progress, then its figures.
    await expect
      .poll(() => page.getByRole("heading", { name: "客户细分" }).isVisible(), { timeout: 60_000 })
      .toBe(true);
    await expect.poll(() => page.getByText(/基于 120 位客户拟合/).isVisible()).toBe(true);
    await expect.poll(() => page.getByRole("img", { name: /RFM 矩阵/ }).isVisible()).toBe(true);
    await expect.poll(() => page.getByRole("img", { name: "头部客户贡献的收入占比" }).isVisible()).toBe(true);
    await expect.poll(() => page.getByRole("img", { name: "按十分位的平均预测价值" }).isVisible()).toBe(true);
    await page.screenshot({ path: shot("30-analytics"), fullPage: true });
    // The heat map's cells add up to the buyers.
    const cells = await page.locator("figure svg text[font-weight='600']").allTextContents();
    expect(cells.map(Number).reduce((sum, count) => sum + count, 0)).toBe(120);

    // A segment's list, most predicted value first, then one customer's scores in words.
    await page.locator(".bars a").first().tap();
    await expect.poll(() => page.getByRole("button", { name: "显示全部客户" }).isVisible()).toBe(true);
    await page.screenshot({ path: shot("31-segment-list"), fullPage: true });
    await page.locator(".list a.row").first().tap();
    await expect.poll(() => page.getByRole("heading", { name: "价值与前景" }).isVisible()).toBe(true);
    const explained = await page.locator(".score .explain").textContent();
    expect(explained).toMatch(/最近一次购买在 \d+ 天前|今天有购买/);
    expect(explained).toMatch(/预计未来 12 个月消费 ¥/);
    await page.screenshot({ path: shot("32-customer-score"), fullPage: true });

    // The admin renames a segment in the scoring rules; the analytics use the new name.
    await page.getByRole("link", { name: "设置" }).tap();
    await page.getByLabel(/^冠军客户 · R5–5/).fill("VIP 冠军");
    await page.getByRole("button", { name: "保存评分规则" }).tap();
    await expect.poll(() => page.getByText("已保存。下一次评分将使用这些规则。").isVisible()).toBe(true);
    await page.getByLabel("B 类：收入占比上限（%）").fill("70");
    await page.getByRole("button", { name: "保存评分规则" }).tap();
    await expect.poll(() => page.getByText("A 类的收入占比必须低于 B 类。").isVisible()).toBe(true);
    await page.screenshot({ path: shot("34-scoring-rules"), fullPage: true });
    // The company's own settings save beside them, and keep the renamed segment.
    await page.getByLabel("销售代表可见范围").selectOption("own");
    await page.getByRole("button", { name: "保存", exact: true }).tap();
    await expect.poll(() => page.getByText("已保存", { exact: true }).isVisible()).toBe(true);
    const settings = await call("GET", "/v1/tenant/settings", { token: tenant.admin.token });
    expect(settings.body.repVisibility).toBe("own");
    expect(settings.body.scoring.segments[0].name).toBe("VIP 冠军");
    await page.getByRole("link", { name: "分析" }).tap();
    await expect.poll(() => page.getByRole("link", { name: /^VIP 冠军/ }).isVisible()).toBe(true);

    // In English the same page reads in English.
    const enPage = await signedInPhone(browser, tenant.admin, "en-US");
    await enPage.getByRole("link", { name: "Analytics" }).tap();
    await expect
      .poll(() => enPage.getByRole("heading", { name: "Movement between segments" }).isVisible())
      .toBe(true);
    await expect.poll(() => enPage.getByText("Most valuable customers at high risk").isVisible()).toBe(true);
    await enPage.screenshot({ path: shot("33-analytics-en"), fullPage: true });
  });
});
