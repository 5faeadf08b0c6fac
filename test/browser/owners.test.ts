import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call, ifMatch, type Member, PASSWORD, signUpTenant, uniqueEmail } from "../support/api.js";
import { launchBrowser, shot, signedInPhone } from "../support/browser.js";

/** Someone with a Chinese name, invited and joined, as the tests sign in with them. */
async function colleague(adminToken: string, name: string, role: "manager" | "rep"): Promise<Member> {
  const email = uniqueEmail("owners-ui");
  const invited = await call("POST", "/v1/users", { token: adminToken, body: { email, name, role } });
  const joined = await call("POST", "/v1/auth/invitations/accept", {
    body: { token: invited.body.invitation.token, password: PASSWORD },
  });
  expect(joined.status, JSON.stringify(joined.body)).toBe(200);
  return {
    id: invited.body.id,
    email,
    password: PASSWORD,
    token: joined.body.accessToken,
    refreshToken: joined.body.refreshToken,
  };
}

describe("owners on a phone, in Chinese", () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it("a manager sees owners by name, picks a new owner for one customer, and gives many to a rep at once", async () => {
    const tenant = await signUpTenant("browser-owners", { locale: "zh-CN", timeZone: "Asia/Shanghai" });
    const manager = await colleague(tenant.admin.token, "王经理", "manager");
    const lina = await colleague(tenant.admin.token, "李娜", "rep");
    const zhangwei = await colleague(tenant.admin.token, "张伟", "rep");
    const create = async (name: string) => {
      const answer = await call("POST", "/v1/customers", {
        token: tenant.admin.token,
        body: { kind: "person", name, ownerId: lina.id },
      });
      expect(answer.status).toBe(201);
      return answer.body.id as string;
    };
    const single = await create("周杰");
    const many: string[] = [];
    for (let i = 1; i <= 25; i++) many.push(await create(`批量客户${String(i).padStart(2, "0")}`));

    const page = await signedInPhone(browser, manager, "zh-CN");
    await expect.poll(() => page.getByRole("link", { name: "客户", exact: true }).isVisible()).toBe(true);

    // One customer: the owner by name, changed with one tap on a colleague.
    await page.goto(`${page.url().replace(/\/[^/]*$/, "")}/customers/${single}`);
    await expect
      .poll(() => page.getByRole("heading", { name: "周杰" }).isVisible(), { timeout: 10_000 })
      .toBe(true);
    const facts = page.locator("dl.facts");
    await expect.poll(() => facts.getByText("李娜").isVisible()).toBe(true);
    await page.getByRole("button", { name: "更换负责人" }).tap();
    const sheet = page.getByRole("dialog", { name: "选择新的负责人" });
    await expect.poll(() => sheet.getByRole("button", { name: /李娜/ }).isDisabled()).toBe(true);
    await page.screenshot({ path: shot("60-owner-picker") });
    await sheet.getByRole("button", { name: /张伟/ }).tap();
    await expect.poll(() => page.getByText("已交给 张伟 负责。").isVisible(), { timeout: 10_000 }).toBe(true);
    await expect.poll(() => facts.getByText("张伟").isVisible()).toBe(true);
    await expect.poll(() => page.getByText("修改了 负责人: 李娜 → 张伟").isVisible()).toBe(true);
    await page.screenshot({ path: shot("61-owner-changed"), fullPage: true });
    const one = await call("GET", `/v1/customers/${single}`, { token: tenant.admin.token });
    expect(one.body.ownerId).toBe(zhangwei.id);

    // Many: select them in the list, give them all to 张伟, with progress.
    await page.getByRole("link", { name: "客户", exact: true }).tap();
    await page.getByRole("searchbox").first().fill("批量");
    await expect
      .poll(() => page.getByRole("link", { name: /批量客户25/ }).isVisible(), { timeout: 10_000 })
      .toBe(true);
    // Each row names its owner.
    await expect.poll(() => page.getByRole("link", { name: /批量客户01.*李娜/ }).isVisible()).toBe(true);
    await page.getByRole("button", { name: "选择", exact: true }).tap();
    await page.getByRole("checkbox", { name: /批量客户03/ }).tap();
    await expect.poll(() => page.getByText("已选 1 位").isVisible()).toBe(true);
    await page.getByRole("button", { name: "全选当前列表" }).tap();
    await expect.poll(() => page.getByText("已选 25 位").isVisible()).toBe(true);
    await page.screenshot({ path: shot("62-owner-selection") });
    await page.getByRole("toolbar").getByRole("button", { name: "更换负责人" }).tap();
    const bulk = page.getByRole("dialog", { name: "更换 25 位客户的负责人" });
    await bulk.getByRole("button", { name: /张伟/ }).tap();
    await bulk.getByRole("button", { name: "将 25 位客户交给 张伟" }).tap();
    await expect
      .poll(() => bulk.getByText("25 位客户已由 张伟 负责。").isVisible(), { timeout: 20_000 })
      .toBe(true);
    expect(await bulk.getByRole("progressbar").getAttribute("aria-valuenow")).toBe("25");
    await page.screenshot({ path: shot("63-owner-bulk-done") });
    await bulk.getByRole("button", { name: "完成" }).tap();
    await expect.poll(() => page.getByRole("link", { name: /批量客户01.*张伟/ }).isVisible()).toBe(true);
    await expect.poll(() => page.getByRole("toolbar").count()).toBe(0);
    for (const id of many) {
      const customer = await call("GET", `/v1/customers/${id}`, { token: tenant.admin.token });
      expect(customer.body.ownerId).toBe(zhangwei.id);
    }
    const history = await call("GET", `/v1/customers/${many[0]}/history`, { token: tenant.admin.token });
    expect(history.body.items[0]).toMatchObject({
      by: manager.id,
      changes: [{ field: "ownerId", from: lina.id, to: zhangwei.id }],
    });
  });

  it("a rep gets the owner button only for their own customers, once the company lets reps hand them over", async () => {
    const tenant = await signUpTenant("browser-hand-over", { locale: "zh-CN", timeZone: "Asia/Shanghai" });
    const lina = await colleague(tenant.admin.token, "李娜", "rep");
    await colleague(tenant.admin.token, "张伟", "rep");
    const created = await call("POST", "/v1/customers", {
      token: tenant.admin.token,
      body: { kind: "person", name: "林芳", ownerId: lina.id },
    });
    const page = await signedInPhone(browser, lina, "zh-CN");
    await expect.poll(() => page.getByRole("link", { name: "客户", exact: true }).isVisible()).toBe(true);
    const customerUrl = `${page.url().replace(/\/[^/]*$/, "")}/customers/${created.body.id}`;
    await page.goto(customerUrl);
    await expect
      .poll(() => page.getByRole("heading", { name: "林芳" }).isVisible(), { timeout: 10_000 })
      .toBe(true);
    await expect.poll(() => page.locator("dl.facts").getByText("我").isVisible()).toBe(true);
    expect(await page.getByRole("button", { name: "更换负责人" }).count()).toBe(0);

    const settings = await call("GET", "/v1/tenant/settings", { token: tenant.admin.token });
    await call("PATCH", "/v1/tenant/settings", {
      token: tenant.admin.token,
      headers: ifMatch(settings.body.version),
      body: { repsMayHandOver: true },
    });
    await page.goto(customerUrl);
    await page.getByRole("button", { name: "更换负责人" }).tap();
    await page.getByRole("dialog", { name: "选择新的负责人" }).getByRole("button", { name: /张伟/ }).tap();
    await expect.poll(() => page.getByText("已交给 张伟 负责。").isVisible(), { timeout: 10_000 }).toBe(true);
    await expect.poll(() => page.locator("dl.facts").getByText("张伟").isVisible()).toBe(true);
    // Now someone else's: no button.
    expect(await page.getByRole("button", { name: "更换负责人" }).count()).toBe(0);
  });
});
