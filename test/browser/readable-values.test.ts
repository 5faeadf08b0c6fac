import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call, crm, ifMatch, signUpTenant, type TestTenant, uniqueEmail } from "../support/api.js";
import { launchBrowser, shot, signedInPhone } from "../support/browser.js";

/** What a new user's walkthrough found shown raw: E.164 phones, ISO dates, option keys, codes. */
const RAW = /\+86|yinka|1990-05-20|Asia\/Shanghai|\bCNY\b(?!\))/;

/** A person customer with a phone, then changed by the API: birthday, phone and a list custom field. */
async function customerWithHistory(tenant: TestTenant) {
  const created = await call("POST", "/v1/customers", {
    token: tenant.admin.token,
    body: { kind: "person", name: "王芳", phones: ["+8613810000000"] },
  });
  expect(created.status).toBe(201);
  const changed = await call("PATCH", `/v1/customers/${created.body.id}`, {
    token: tenant.admin.token,
    headers: ifMatch(created.body.version),
    body: { birthday: "1990-05-20", phones: ["+8613900002221"], customFields: { huiyuandengji: "yinka" } },
  });
  expect(changed.status).toBe(200);
  return created.body.id as string;
}

const historyText = (page: Page) => page.locator("ol.history").textContent();

describe("values shown to people, not stored codes", () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it("in Chinese: phones as dialled, the history in words, the company's currency and zone by name, regions by name, the team in pinyin order", async () => {
    const tenant = await signUpTenant("browser-readable", { locale: "zh-CN", timeZone: "Asia/Shanghai" });
    for (const name of ["赵小新", "陈静"]) {
      const invited = await call("POST", "/v1/users", {
        token: tenant.admin.token,
        body: { email: uniqueEmail("readable"), name, role: "rep" },
      });
      expect(invited.status).toBe(201);
    }
    const page = await signedInPhone(browser, tenant.admin);

    // Home: the currency and the zone by their names, not CNY and Asia/Shanghai.
    await expect.poll(() => page.getByText("人民币 (CNY)").isVisible(), { timeout: 10_000 }).toBe(true);
    expect(await page.getByText("中国标准时间 · 上海 (GMT+8)").isVisible()).toBe(true);
    expect(await page.locator(".facts").textContent()).not.toMatch(RAW);

    // A custom field with only a Chinese label; with none, the error says which field.
    await page.getByRole("link", { name: "设置" }).tap();
    await page.getByRole("button", { name: "添加字段" }).tap();
    const fieldSheet = page.getByRole("dialog");
    await fieldSheet.getByRole("button", { name: "添加字段" }).tap();
    await expect
      .poll(() => fieldSheet.getByText("请填写字段名称（中文或英文，填一种即可）。").first().isVisible())
      .toBe(true);
    await page.screenshot({ path: shot("70-custom-field-label-required") });
    await fieldSheet.getByLabel("中文名称").fill("会员等级");
    await expect.poll(() => fieldSheet.getByLabel("键名").inputValue()).toBe("huiyuandengji");
    await fieldSheet.getByLabel("类型").selectOption("select");
    await fieldSheet.getByLabel("选项 1（中文）").fill("银卡");
    await fieldSheet.getByLabel("选项 1（英文）").fill("Silver");
    await fieldSheet.getByRole("button", { name: "添加字段" }).tap();
    await expect.poll(() => page.getByText("单选 · huiyuandengji · 银卡").isVisible()).toBe(true);
    const fields = await call("GET", "/v1/custom-fields?entity=customer", { token: tenant.admin.token });
    expect(fields.body.items).toEqual([
      expect.objectContaining({ key: "huiyuandengji", label: { "zh-CN": "会员等级" }, options: ["yinka"] }),
    ]);

    // The history says what changed as people read it.
    const id = await customerWithHistory(tenant);
    await page.goto(`${crm().url}/customers/${id}`);
    for (const line of [
      "修改了 生日: — → 1990年5月20日",
      "修改了 电话: 138 1000 0000 → 139 0000 2221",
      "修改了 会员等级: — → 银卡",
    ])
      await expect.poll(() => page.getByText(line).isVisible(), { timeout: 10_000 }).toBe(true);
    expect(await historyText(page)).not.toMatch(RAW);
    await page.screenshot({ path: shot("71-history-readable-zh"), fullPage: true });

    // The edit form shows the phone as it is dialled; what is typed there is read with the company's region.
    await page.getByRole("button", { name: "编辑" }).tap();
    const edit = page.getByRole("dialog");
    const phones = edit.getByLabel("电话", { exact: true });
    expect(await phones.inputValue()).toBe("139 0000 2221");
    await page.screenshot({ path: shot("72-edit-form-phone-national") });
    await phones.fill("139 0000 2221, 137 0000 1234");
    await edit.getByRole("button", { name: "保存客户" }).tap();
    await expect.poll(() => page.getByRole("dialog").count(), { timeout: 10_000 }).toBe(0);
    const saved = await call("GET", `/v1/customers/${id}`, { token: tenant.admin.token });
    expect(saved.body.phones).toEqual(["+8613900002221", "+8613700001234"]);
    await expect
      .poll(() => page.getByText("修改了 电话: 139 0000 2221 → 139 0000 2221, 137 0000 1234").isVisible(), {
        timeout: 10_000,
      })
      .toBe(true);
    // Another edit leaves the phones as they were: the national form is no change.
    await page.getByRole("button", { name: "编辑" }).tap();
    await page.getByRole("dialog").getByLabel("来源").fill("展会");
    await page.getByRole("dialog").getByRole("button", { name: "保存客户" }).tap();
    await expect
      .poll(() => page.getByText("修改了 来源: — → 展会").isVisible(), { timeout: 10_000 })
      .toBe(true);
    const history = await call("GET", `/v1/customers/${id}/history?limit=1`, { token: tenant.admin.token });
    expect(history.body.items[0].changes.map((change: { field: string }) => change.field)).toEqual([
      "source",
    ]);

    // The merge search lists a duplicate's phone as dialled.
    await call("POST", "/v1/customers", {
      token: tenant.admin.token,
      body: { kind: "person", name: "王芳芳", phones: ["+8613700005678"] },
    });
    await page.getByRole("button", { name: "合并重复客户" }).tap();
    const merge = page.getByRole("dialog", { name: "合并重复客户" });
    await expect.poll(() => merge.getByText("137 0000 5678").isVisible(), { timeout: 10_000 }).toBe(true);
    expect(await merge.locator(".list").textContent()).not.toMatch(RAW);
    await page.screenshot({ path: shot("73-merge-search-phone") });

    // The team by name in pinyin order: 陈静 (chen) before 赵小新 (zhao), whatever order they came in.
    await page.goto(`${crm().url}/team`);
    const names = page.getByRole("list", { name: "团队" }).locator("strong");
    await expect.poll(() => names.count(), { timeout: 10_000 }).toBe(3);
    expect((await names.allTextContents()).map((name) => name.replace(/\s*\(.*\)$/, ""))).toEqual([
      "browser-readable Admin",
      "陈静",
      "赵小新",
    ]);

    // The phone region is chosen by name from a searchable list, the likely ones first.
    await page.getByRole("link", { name: "设置" }).tap();
    await page.getByRole("button", { name: /^默认电话区号地区 中国\s*CN · \+86/ }).tap();
    const regions = page.getByRole("dialog", { name: "默认电话区号地区" });
    await expect.poll(() => regions.getByRole("heading", { name: "常用" }).isVisible()).toBe(true);
    expect(await regions.locator(".picker-list").first().getByRole("button").first().textContent()).toMatch(
      /^中国\s*CN · \+86/,
    );
    await regions.getByRole("searchbox").fill("新加坡");
    await page.screenshot({ path: shot("74-phone-region-picker") });
    await regions.getByRole("button", { name: /^新加坡\s*SG · \+65/ }).tap();
    await page.getByRole("button", { name: "保存", exact: true }).tap();
    await expect.poll(() => page.getByText("已保存", { exact: true }).isVisible()).toBe(true);
    const settings = await call("GET", "/v1/tenant/settings", { token: tenant.admin.token });
    expect(settings.body.phoneRegion).toBe("SG");
    await page.context().close();
  });

  it("in English: the history in English words, a Chinese-only label as given, the company's currency and zone by name", async () => {
    const tenant = await signUpTenant("browser-readable-en", { locale: "zh-CN", timeZone: "Asia/Shanghai" });
    const field = await call("POST", "/v1/custom-fields", {
      token: tenant.admin.token,
      body: {
        entity: "customer",
        label: { "zh-CN": "会员等级" },
        type: "select",
        options: ["yinka"],
        optionLabels: { yinka: { "zh-CN": "银卡", en: "Silver" } },
      },
    });
    expect(field.body.key).toBe("huiyuandengji");
    const id = await customerWithHistory(tenant);
    const page = await signedInPhone(browser, tenant.admin, "en-US");

    await expect
      .poll(() => page.getByText("China Standard Time · Shanghai (GMT+8)").isVisible(), { timeout: 10_000 })
      .toBe(true);
    expect(await page.locator(".facts").textContent()).toMatch(/Chinese Yuan.* \(CNY\)/);
    expect(await page.locator(".facts").textContent()).not.toMatch(RAW);

    await page.goto(`${crm().url}/customers/${id}`);
    for (const line of [
      "changed Birthday: — → May 20, 1990",
      "changed Phones: 138 1000 0000 → 139 0000 2221",
      // No English label: the Chinese one is shown; the option in English.
      "changed 会员等级: — → Silver",
    ])
      await expect.poll(() => page.getByText(line).isVisible(), { timeout: 10_000 }).toBe(true);
    expect(await historyText(page)).not.toMatch(RAW);
    await page.screenshot({ path: shot("75-history-readable-en"), fullPage: true });

    await page.getByRole("button", { name: "Record a purchase or refund" }).tap();
    const sheet = page.getByRole("dialog");
    await expect.poll(() => sheet.getByLabel(/^Amount \(Chinese Yuan.* · ¥\)$/).isVisible()).toBe(true);
    await page.context().close();
  });
});
