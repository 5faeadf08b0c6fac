import type { Browser, Locator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addMember, call, crm, type Member, purchase, signUpTenant } from "../support/api.js";
import { launchBrowser, shot, signedInPhone } from "../support/browser.js";

/**
 * What a new user met on a 390×844 phone in Chinese: a name written as one
 * long word, form errors out of sight above Save, purchases and scoring that
 * finished without a word, a page refused without saying who may open it.
 */
describe("a phone's layout and feedback", () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  const WIDTH = 390;
  const HEIGHT = 844;
  /** 86 letters and no space: what a pasted company name can be. */
  const LONG = "Averyveryverylongcompanynameinternationalholdingsandtradinggroupwithoutanyspaces".concat(
    "Ltd",
  );
  const LONG_CONTACT = "Mr".concat("Bartholomew".repeat(6));

  const createCustomer = async (token: string, body: Record<string, unknown>) => {
    const answer = await call("POST", "/v1/customers", { token, body: { kind: "person", ...body } });
    expect(answer.status, JSON.stringify(answer.body)).toBe(201);
    return answer.body as { id: string; name: string; version: number };
  };
  /** Signed in (the tabs show), then straight to a page by its address. */
  const signedInAt = async (member: Member, path: string) => {
    const page = await signedInPhone(browser, member, "zh-CN");
    await expect.poll(() => page.locator(".tabbar").isVisible(), { timeout: 10_000 }).toBe(true);
    await page.goto(`${crm().url}${path}`);
    return page;
  };
  const pageWidth = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth);
  /** Whether the whole element is on the screen, the way a thumb would find it. */
  const onScreen = async (locator: Locator) => {
    const box = await locator.boundingBox();
    return (
      box !== null && box.x >= 0 && box.y >= 0 && box.x + box.width <= WIDTH && box.y + box.height <= HEIGHT
    );
  };
  const focusedName = (page: Page) => page.evaluate(() => document.activeElement?.getAttribute("name"));

  it("a name written as one long word wraps: no page is wider than the phone, and Save stays in reach", async () => {
    const tenant = await signUpTenant("browser-long-name", { locale: "zh-CN", timeZone: "Asia/Shanghai" });
    const token = tenant.admin.token;
    const customer = await createCustomer(token, { kind: "company", name: LONG, source: LONG });
    await call("POST", `/v1/customers/${customer.id}/contacts`, { token, body: { name: LONG_CONTACT } });
    await createCustomer(token, { kind: "company", name: `${LONG}2` });

    const page = await signedInAt(tenant.admin, "/customers");
    const list = page.getByRole("list", { name: "客户" });
    await expect
      .poll(() => list.getByText(LONG, { exact: true }).isVisible(), { timeout: 10_000 })
      .toBe(true);
    expect(await pageWidth(page)).toBeLessThanOrEqual(WIDTH);
    await page.screenshot({ path: shot("70-long-name-list") });

    // The new-customer sheet opens on the screen, its Save in reach.
    await page.getByRole("button", { name: "+ 新建客户" }).tap();
    const sheet = page.getByRole("dialog", { name: "新建客户" });
    const save = sheet.getByRole("button", { name: "保存客户" });
    await save.scrollIntoViewIfNeeded();
    expect(await onScreen(save)).toBe(true);
    expect(await pageWidth(page)).toBeLessThanOrEqual(WIDTH);
    await sheet.getByRole("button", { name: "关闭" }).first().tap();

    await page.goto(`${crm().url}/customers/${customer.id}`);
    await expect
      .poll(() => page.getByRole("heading", { name: LONG, exact: true }).isVisible(), { timeout: 10_000 })
      .toBe(true);
    await expect.poll(() => page.getByText(LONG_CONTACT).isVisible()).toBe(true);
    expect(await pageWidth(page)).toBeLessThanOrEqual(WIDTH);
    await page.screenshot({ path: shot("71-long-name-customer"), fullPage: true });

    // Both long names side by side, to choose which stays.
    await page.getByRole("button", { name: "合并重复客户" }).tap();
    const merge = page.getByRole("dialog", { name: "合并重复客户" });
    await merge.getByRole("button", { name: `${LONG}2` }).tap();
    await expect.poll(() => merge.locator(".compare").isVisible()).toBe(true);
    expect(await pageWidth(page)).toBeLessThanOrEqual(WIDTH);
    expect(await onScreen(merge.getByRole("button", { name: "关闭" }))).toBe(true);
    await merge.getByRole("button", { name: "关闭" }).tap();

    // Deleted, then in the Deleted view, with the toast saying so.
    await page.getByRole("button", { name: "删除客户" }).tap();
    await expect.poll(() => page.getByRole("heading", { name: "客户", exact: true }).isVisible()).toBe(true);
    expect(await pageWidth(page)).toBeLessThanOrEqual(WIDTH);
    await page.getByRole("combobox", { name: "显示" }).selectOption("deleted");
    await expect
      .poll(
        () =>
          page
            .getByRole("button", { name: new RegExp(LONG) })
            .first()
            .isVisible(),
        { timeout: 10_000 },
      )
      .toBe(true);
    expect(await pageWidth(page)).toBeLessThanOrEqual(WIDTH);
    await page.screenshot({ path: shot("72-long-name-deleted") });
    await page.context().close();
  });

  it("a failed save brings its first problem into view and focus: a name of only spaces, on create and edit", async () => {
    const tenant = await signUpTenant("browser-reveal", { locale: "zh-CN" });
    const customer = await createCustomer(tenant.admin.token, { name: "周杰" });
    const page = await signedInAt(tenant.admin, "/customers");
    await page.getByRole("button", { name: "+ 新建客户" }).tap();
    const sheet = page.getByRole("dialog", { name: "新建客户" });
    await sheet.getByRole("textbox", { name: "名称" }).fill("   ");
    // Save is at the bottom of the sheet: the tap scrolls there, far from the name.
    await sheet.getByRole("button", { name: "保存客户" }).tap();
    const required = sheet.locator(".field.has-error").filter({ hasText: "此项必填。" }).first();
    await expect.poll(() => required.isVisible(), { timeout: 10_000 }).toBe(true);
    await expect.poll(() => onScreen(required)).toBe(true);
    await expect.poll(() => focusedName(page)).toBe("name");
    await page.screenshot({ path: shot("73-required-in-view") });
    await sheet.getByRole("button", { name: "关闭" }).first().tap();

    await page.goto(`${crm().url}/customers/${customer.id}`);
    await expect.poll(() => page.getByRole("heading", { name: "周杰" }).isVisible()).toBe(true);
    await page.getByRole("button", { name: "编辑", exact: true }).tap();
    const edit = page.getByRole("dialog", { name: "编辑" });
    await edit.getByRole("textbox", { name: "名称" }).fill("  ");
    await edit.getByRole("button", { name: "保存客户" }).tap();
    const editRequired = edit.locator(".field.has-error").filter({ hasText: "此项必填。" }).first();
    await expect.poll(() => editRequired.isVisible(), { timeout: 10_000 }).toBe(true);
    await expect.poll(() => onScreen(editRequired)).toBe(true);
    await expect.poll(() => focusedName(page)).toBe("name");
    // A second failed tap brings it back again after the person scrolled away.
    await edit.getByRole("button", { name: "保存客户" }).tap();
    await expect.poll(() => onScreen(editRequired)).toBe(true);
    await page.context().close();
  });

  it('an amount with letters ("1e3") is refused; a purchase recorded is confirmed and brought into view', async () => {
    const tenant = await signUpTenant("browser-record", { locale: "zh-CN", timeZone: "Asia/Shanghai" });
    const customer = await createCustomer(tenant.admin.token, { name: "王芳" });
    for (let day = 1; day <= 5; day += 1) {
      const bought = await call("POST", `/v1/customers/${customer.id}/transactions`, {
        token: tenant.admin.token,
        body: purchase(1_000 * day, `2026-03-0${day}T02:00:00Z`),
      });
      expect(bought.status).toBe(201);
    }
    const page = await signedInAt(tenant.admin, `/customers/${customer.id}`);
    await page.getByRole("button", { name: "记录购买或退款" }).tap();
    const sheet = page.getByRole("dialog", { name: "记录购买或退款" });
    const amount = sheet.getByRole("textbox", { name: /金额/ });
    await amount.fill("1e3");
    // Not read as ¥13.00 (nor as ¥1,000.00): no amount is shown under it.
    expect(await sheet.getByText("¥13.00").count()).toBe(0);
    await sheet.getByRole("button", { name: "保存", exact: true }).tap();
    const refused = sheet.getByText(/请输入金额，例如/);
    await expect.poll(() => refused.isVisible()).toBe(true);
    await expect.poll(() => focusedName(page)).toBe("amount");

    await amount.fill("88");
    await expect.poll(() => sheet.getByText("¥88.00").isVisible()).toBe(true);
    await sheet.getByRole("button", { name: "保存", exact: true }).tap();
    await expect.poll(() => sheet.isVisible(), { timeout: 10_000 }).toBe(false);
    await expect.poll(() => page.getByRole("status").textContent()).toContain("已记录购买 ¥88.00");
    const entry = page.locator(".purchase-entry").filter({ hasText: "¥88.00" });
    await expect.poll(() => entry.isVisible(), { timeout: 10_000 }).toBe(true);
    await expect.poll(() => onScreen(entry)).toBe(true);
    await page.screenshot({ path: shot("74-purchase-recorded") });
    await page.context().close();
  });

  it("scoring every customer now says when it is done", async () => {
    const tenant = await signUpTenant("browser-score-all", { locale: "zh-CN" });
    const customer = await createCustomer(tenant.admin.token, { name: "李娜" });
    await call("POST", `/v1/customers/${customer.id}/transactions`, {
      token: tenant.admin.token,
      body: purchase(12_800, "2026-03-01T02:00:00Z"),
    });
    const page = await signedInAt(tenant.admin, "/analytics");
    await page.getByRole("button", { name: "立即为全部客户评分" }).tap();
    await expect
      .poll(() => page.getByRole("status").textContent(), { timeout: 30_000 })
      .toMatch(/评分完成：已为 \d+ 位客户评分。/);
    await page.context().close();
  });

  it("a page refused to a rep says who may open it; field messages in Chinese run on without a space", async () => {
    const tenant = await signUpTenant("browser-forbidden", { locale: "zh-CN" });
    const rep = await addMember(tenant.admin.token, "rep");
    const page = await signedInAt(rep, "/customers/import");
    await expect.poll(() => page.getByTestId("forbidden").isVisible(), { timeout: 10_000 }).toBe(true);
    expect(await page.getByRole("heading").first().textContent()).toBe("仅限管理员和经理");
    expect(await page.getByTestId("forbidden").textContent()).toContain("只有管理员和经理可以打开此页面");
    await page.goto(`${crm().url}/team`);
    await expect.poll(() => page.getByRole("heading", { name: "仅限管理员" }).isVisible()).toBe(true);

    await page.goto(`${crm().url}/account`);
    await page.getByLabel("当前密码").fill(rep.password);
    await page.getByLabel("新密码").fill("ABC");
    await page.getByRole("button", { name: "修改密码" }).tap();
    const note = page
      .locator(".field.has-error")
      .filter({ has: page.getByLabel("新密码") })
      .locator("small");
    await expect.poll(() => note.textContent(), { timeout: 10_000 }).toMatch(/。.*。/);
    expect(await note.textContent()).not.toMatch(/。\s/);
    await page.context().close();
  });
});
