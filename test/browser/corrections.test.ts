import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addMember, call, crm, ifMatch, type Member, purchase, signUpTenant } from "../support/api.js";
import { launchBrowser, phone, shot, signedInPhone } from "../support/browser.js";
import { until } from "../support/imports.js";
import { seedBuyers, tenantData } from "../support/scoring.js";

/**
 * Corrections as people make them on a phone: an edit that meets someone
 * else's keeps what was typed, a merge shows both records first, a delete can
 * be undone, a rep restores their own deleted customers, and an expired
 * session signs in back to the page asked for. Then the polish seen at 390×844.
 */
describe("corrections on a phone", () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  const zhTenant = (label: string) => signUpTenant(label, { locale: "zh-CN", timeZone: "Asia/Shanghai" });
  const createCustomer = async (token: string, body: Record<string, unknown>) => {
    const answer = await call("POST", "/v1/customers", { token, body: { kind: "person", ...body } });
    expect(answer.status, JSON.stringify(answer.body)).toBe(201);
    return answer.body as { id: string; name: string; version: number };
  };
  const heading = (page: Page, name: string) => page.getByRole("heading", { name, exact: true });
  /** Signed in (the tabs show), then straight to a page by its address. */
  const signedInAt = async (member: Member, path: string) => {
    const page = await signedInPhone(browser, member, "zh-CN");
    await expect.poll(() => page.locator(".tabbar").isVisible(), { timeout: 10_000 }).toBe(true);
    await page.goto(`${crm().url}${path}`);
    return page;
  };

  it("an edit that meets a colleague's shows theirs against mine per field; keeping mine saves against the new version", async () => {
    const tenant = await zhTenant("browser-conflict");
    const customer = await createCustomer(tenant.admin.token, {
      name: "周杰",
      source: "展会",
      tags: ["老客户"],
    });
    const page = await signedInAt(tenant.admin, `/customers/${customer.id}`);
    await expect.poll(() => heading(page, "周杰").isVisible(), { timeout: 10_000 }).toBe(true);
    await page.getByRole("button", { name: "编辑", exact: true }).tap();
    const sheet = page.getByRole("dialog");
    await sheet.getByRole("textbox", { name: "来源" }).fill("官网");
    await sheet.getByRole("textbox", { name: "名称" }).fill("周杰伦");
    await sheet.getByRole("textbox", { name: "标签" }).fill("老客户, vip");

    // Meanwhile a colleague changes the source and the name, and the stage.
    const theirs = await call("PATCH", `/v1/customers/${customer.id}`, {
      token: tenant.admin.token,
      headers: ifMatch(customer.version),
      body: { source: "朋友介绍", name: "周杰 (VIP)", lifecycleStage: "growing" },
    });
    expect(theirs.status).toBe(200);

    await sheet.getByRole("button", { name: "保存客户" }).tap();
    const conflicts = sheet.getByRole("region", { name: "此记录刚被他人修改" });
    await expect.poll(() => conflicts.isVisible(), { timeout: 10_000 }).toBe(true);
    // Shown above the fields while the thumb is on Save at the bottom: brought into view, with the focus.
    await expect
      .poll(async () => {
        const box = await conflicts.boundingBox();
        return box !== null && box.y >= 0 && box.y + 40 <= 844;
      })
      .toBe(true);
    await expect.poll(() => conflicts.evaluate((panel) => panel === document.activeElement)).toBe(true);
    // Both values of each field both changed; only those (the tags were changed by me alone).
    await expect.poll(() => conflicts.locator("fieldset legend").allTextContents()).toEqual(["名称", "来源"]);
    const keepSource = conflicts.getByRole("button", { name: "来源：保留我的 官网" });
    const theirSource = conflicts.getByRole("button", { name: "来源：采用对方的 朋友介绍" });
    expect(await keepSource.getAttribute("aria-pressed")).toBe("true");
    expect(await theirSource.getAttribute("aria-pressed")).toBe("false");
    // What was typed is still in the fields.
    expect(await sheet.getByRole("textbox", { name: "来源" }).inputValue()).toBe("官网");
    expect(await sheet.getByRole("textbox", { name: "标签" }).inputValue()).toBe("老客户, vip");
    // Their name, my source.
    await conflicts.getByRole("button", { name: "名称：采用对方的 周杰 (VIP)" }).tap();
    expect(await sheet.getByRole("textbox", { name: "名称" }).inputValue()).toBe("周杰 (VIP)");
    await page.screenshot({ path: shot("40-edit-conflict") });
    await sheet.getByRole("button", { name: "保存客户" }).tap();
    await expect.poll(() => sheet.isVisible(), { timeout: 10_000 }).toBe(false);
    await expect.poll(() => heading(page, "周杰 (VIP)").isVisible()).toBe(true);

    const saved = await call("GET", `/v1/customers/${customer.id}`, { token: tenant.admin.token });
    expect(saved.body).toMatchObject({
      name: "周杰 (VIP)",
      source: "官网",
      tags: ["老客户", "vip"],
      lifecycleStage: "growing",
      version: customer.version + 2,
    });
  });

  it("a contact's edit that meets a colleague's keeps what was typed, theirs against mine", async () => {
    const tenant = await zhTenant("browser-contact-conflict");
    const company = await createCustomer(tenant.admin.token, { kind: "company", name: "星河贸易" });
    const contact = await call("POST", `/v1/customers/${company.id}/contacts`, {
      token: tenant.admin.token,
      body: { name: "王伟", title: "采购" },
    });
    expect(contact.status).toBe(201);
    const page = await signedInAt(tenant.admin, `/customers/${company.id}`);
    await page.getByRole("button", { name: "编辑 王伟" }).tap();
    const sheet = page.getByRole("dialog");
    await sheet.getByRole("textbox", { name: "职务" }).fill("采购经理");
    await sheet.getByRole("textbox", { name: "电话" }).fill("138 0013 8000");
    const theirs = await call("PATCH", `/v1/customers/${company.id}/contacts/${contact.body.id}`, {
      token: tenant.admin.token,
      headers: ifMatch(contact.body.version),
      body: { title: "采购总监", emails: ["wangwei@example.cn"] },
    });
    expect(theirs.status).toBe(200);
    await sheet.getByRole("button", { name: "保存", exact: true }).tap();
    const conflicts = sheet.getByRole("region", { name: "此记录刚被他人修改" });
    await expect.poll(() => conflicts.isVisible(), { timeout: 10_000 }).toBe(true);
    await expect.poll(() => conflicts.locator("fieldset legend").allTextContents()).toEqual(["职务"]);
    expect(
      await conflicts.getByRole("button", { name: "职务：保留我的 采购经理" }).getAttribute("aria-pressed"),
    ).toBe("true");
    // Their email came in; my phone stays.
    expect(await sheet.getByRole("textbox", { name: "邮箱" }).inputValue()).toBe("wangwei@example.cn");
    expect(await sheet.getByRole("textbox", { name: "电话" }).inputValue()).toBe("138 0013 8000");
    await sheet.getByRole("button", { name: "保存", exact: true }).tap();
    await expect.poll(() => sheet.isVisible(), { timeout: 10_000 }).toBe(false);
    const saved = await call("GET", `/v1/customers/${company.id}/contacts`, { token: tenant.admin.token });
    expect(saved.body.items[0]).toMatchObject({
      title: "采购经理",
      emails: ["wangwei@example.cn"],
      phones: ["+8613800138000"],
    });
  });

  it("a merge shows both records side by side, keeps the one chosen, and the purchase list follows", async () => {
    const tenant = await zhTenant("browser-merge");
    const first = await createCustomer(tenant.admin.token, {
      name: "周杰",
      emails: ["zhoujie@old.example.cn"],
      phones: ["+8613800000001"],
    });
    const second = await createCustomer(tenant.admin.token, {
      name: "周杰",
      emails: ["zhoujie@new.example.cn"],
      phones: ["+8613900000002"],
    });
    for (const [amount, at] of [
      [12_800, "2026-03-01T02:00:00Z"],
      [56_000, "2026-04-01T02:00:00Z"],
    ] as const) {
      const recorded = await call("POST", `/v1/customers/${second.id}/transactions`, {
        token: tenant.admin.token,
        body: purchase(amount, at, { currency: "CNY" }),
      });
      expect(recorded.status, JSON.stringify(recorded.body)).toBe(201);
    }
    const page = await signedInAt(tenant.admin, `/customers/${first.id}`);
    await expect.poll(() => heading(page, "周杰").isVisible(), { timeout: 10_000 }).toBe(true);
    const purchases = page.locator("section.card", { has: page.getByRole("heading", { name: "交易" }) });
    await expect.poll(() => purchases.isVisible()).toBe(true);
    expect(await purchases.locator("li").count()).toBe(0);

    let dialogs = 0;
    page.on("dialog", (dialog) => {
      dialogs++;
      void dialog.dismiss();
    });
    await page.getByRole("button", { name: "合并重复客户" }).tap();
    const sheet = page.getByRole("dialog");
    await sheet.getByRole("button", { name: /周杰 zhoujie@new\.example\.cn/ }).tap();
    const sides = sheet.locator(".compare > button");
    await expect.poll(() => sides.count()).toBe(2);
    const [mine, other] = [await sides.nth(0).textContent(), await sides.nth(1).textContent()];
    expect(mine).toContain("当前客户");
    expect(mine).toContain("zhoujie@old.example.cn");
    expect(mine).toContain("0 次");
    expect(other).toContain("另一条");
    expect(other).toContain("zhoujie@new.example.cn");
    expect(other).toContain("2 次");
    expect(other).toContain("688.00");
    for (const side of [mine, other]) {
      expect(side).toContain("周杰");
      expect(side).toContain("负责人我");
      expect(side).toContain("创建于");
    }
    // Side by side: the two cards share a row on a 390-wide phone.
    const [left, right] = [await sides.nth(0).boundingBox(), await sides.nth(1).boundingBox()];
    expect(left && right && Math.abs(left.y - right.y) < 1 && left.x + left.width <= right.x).toBe(true);
    expect(await sides.nth(0).getAttribute("aria-pressed")).toBe("true");
    await page.screenshot({ path: shot("41-merge-side-by-side") });
    await sheet.getByRole("button", { name: "合并这两条" }).tap();

    await expect.poll(() => sheet.isVisible(), { timeout: 10_000 }).toBe(false);
    // The purchase list shows what came from the duplicate, without leaving the page.
    await expect.poll(() => purchases.locator("li").count(), { timeout: 10_000 }).toBe(2);
    expect(page.url()).toBe(`${crm().url}/customers/${first.id}`);
    await expect
      .poll(() => page.getByRole("link", { name: /zhoujie@new\.example\.cn/ }).isVisible())
      .toBe(true);
    expect(dialogs).toBe(0);
    await page.screenshot({ path: shot("42-merged-purchases"), fullPage: true });
    expect((await call("GET", `/v1/customers/${second.id}`, { token: tenant.admin.token })).status).toBe(410);
  });

  it("a delete can be undone from its toast, and a rep restores their own from the Deleted view", async () => {
    const tenant = await zhTenant("browser-undo");
    const rep = await addMember(tenant.admin.token, "rep");
    const other = await addMember(tenant.admin.token, "rep", "other-rep");
    const settings = await call("GET", "/v1/tenant/settings", { token: tenant.admin.token });
    await call("PATCH", "/v1/tenant/settings", {
      token: tenant.admin.token,
      headers: ifMatch(settings.body.version),
      body: { repVisibility: "own" },
    });
    const undone = await createCustomer(rep.token, { name: "王芳" });
    const restorable = await createCustomer(rep.token, { name: "李娜" });
    const hidden = await createCustomer(other.token, { name: "赵敏" });
    for (const [who, id] of [
      [rep, restorable.id],
      [other, hidden.id],
    ] as const) {
      expect((await call("DELETE", `/v1/customers/${id}`, { token: who.token })).status).toBe(204);
    }

    const page = await signedInAt(rep, `/customers/${undone.id}`);
    await expect.poll(() => heading(page, "王芳").isVisible(), { timeout: 10_000 }).toBe(true);
    await page.getByRole("button", { name: "删除客户" }).tap();
    const toast = page.getByRole("status").filter({ hasText: "已删除 王芳。" });
    await expect.poll(() => toast.isVisible(), { timeout: 10_000 }).toBe(true);
    expect(new URL(page.url()).pathname).toBe("/customers");
    await page.screenshot({ path: shot("43-delete-undo-toast") });
    await toast.getByRole("button", { name: "撤销" }).tap();
    await expect.poll(() => heading(page, "王芳").isVisible(), { timeout: 10_000 }).toBe(true);
    expect(new URL(page.url()).pathname).toBe(`/customers/${undone.id}`);
    expect((await call("GET", `/v1/customers/${undone.id}`, { token: rep.token })).status).toBe(200);

    // The rep's Deleted view: their own only; one tap restores.
    await page.getByRole("link", { name: "客户", exact: true }).tap();
    await page.getByLabel("显示").selectOption("deleted");
    const restore = page.getByRole("button", { name: "恢复 李娜" });
    await expect.poll(() => restore.isVisible(), { timeout: 10_000 }).toBe(true);
    expect(await page.getByText("赵敏").count()).toBe(0);
    await page.screenshot({ path: shot("44-rep-deleted-view") });
    await restore.tap();
    await expect.poll(() => heading(page, "李娜").isVisible(), { timeout: 10_000 }).toBe(true);
    expect((await call("GET", `/v1/customers/${restorable.id}`, { token: rep.token })).status).toBe(200);
  });

  it("an expired session signs in and lands on the page that was asked for; the form sits near the top", async () => {
    const tenant = await zhTenant("browser-expired");
    const customer = await createCustomer(tenant.admin.token, { name: "陈静" });
    const page = await signedInPhone(browser, tenant.admin, "zh-CN");
    await expect.poll(() => page.getByRole("link", { name: "客户", exact: true }).isVisible()).toBe(true);
    const target = `/customers/${customer.id}`;

    // A refresh token the API no longer takes (revoked, expired), then a link opened from a chat.
    await page.evaluate(() => localStorage.setItem("crm.refreshToken", "expired-refresh-token"));
    await page.goto(`${crm().url}${target}?from=chat`);
    await expect.poll(() => new URL(page.url()).pathname, { timeout: 10_000 }).toBe("/login");
    expect(new URL(page.url()).searchParams.get("next")).toBe(`${target}?from=chat`);
    expect(await page.getByText("请重新登录，登录后将回到您刚才打开的页面。").isVisible()).toBe(true);
    const email = page.getByLabel("邮箱");
    // Under the brand, not under an empty screen: the title right below the header, the button well above the bottom.
    const header = await page.locator(".auth-header").boundingBox();
    const title = await page.getByRole("heading", { name: "登录" }).boundingBox();
    const submit = await page.getByRole("button", { name: "登录" }).boundingBox();
    expect(header && title && title.y - (header.y + header.height)).toBeLessThan(64);
    expect(submit && submit.y + submit.height).toBeLessThan(844 * 0.7);
    await page.screenshot({ path: shot("45-sign-in-after-expiry") });
    await email.fill(tenant.admin.email);
    await page.getByLabel("密码").fill(tenant.admin.password);
    await page.getByRole("button", { name: "登录" }).tap();
    await expect.poll(() => heading(page, "陈静").isVisible(), { timeout: 10_000 }).toBe(true);
    expect(new URL(page.url()).pathname + new URL(page.url()).search).toBe(`${target}?from=chat`);

    // Signed out (no token at all): the same; a link elsewhere is not followed after sign-in.
    await page.evaluate(() => localStorage.removeItem("crm.refreshToken"));
    await page.goto(`${crm().url}/customers`);
    await expect.poll(() => page.url(), { timeout: 10_000 }).toContain("/login?next=%2Fcustomers");
    await page.goto(`${crm().url}/login?next=${encodeURIComponent("//evil.example/")}`);
    await page.getByLabel("邮箱").fill(tenant.admin.email);
    await page.getByLabel("密码").fill(tenant.admin.password);
    await page.getByRole("button", { name: "登录" }).tap();
    await expect.poll(() => page.url(), { timeout: 10_000 }).toBe(`${crm().url}/`);
  });

  it("an empty customer list offers an import instead of Import and Export buttons", async () => {
    const tenant = await zhTenant("browser-empty");
    const page = await signedInPhone(browser, tenant.admin, "zh-CN");
    await page.getByRole("link", { name: "客户", exact: true }).tap();
    await expect.poll(() => page.getByText("还没有客户").isVisible(), { timeout: 10_000 }).toBe(true);
    expect(await page.getByRole("button", { name: /导出/ }).count()).toBe(0);
    expect(await page.getByRole("link", { name: "从表格导入" }).count()).toBe(0);
    const cta = page.getByRole("link", { name: "导入您的客户" });
    expect(await cta.isVisible()).toBe(true);
    await page.screenshot({ path: shot("46-empty-customers") });
    // With a customer, the list has its import and exports.
    await createCustomer(tenant.admin.token, { name: "刘洋" });
    await page.reload();
    await expect
      .poll(() => page.getByRole("link", { name: "从表格导入" }).isVisible(), { timeout: 10_000 })
      .toBe(true);
    expect(await page.getByRole("button", { name: "导出这些客户" }).isVisible()).toBe(true);
    expect(await cta.count()).toBe(0);
  });

  it("in English: the tab labels keep apart, a rep is 'a sales rep', and the Pareto chart's labels stay inside it", async () => {
    const tenant = await signUpTenant("browser-polish");
    const rep: Member = await addMember(tenant.admin.token, "rep");
    await seedBuyers(await tenantData(tenant.tenantId), {
      count: 12,
      owners: [{ id: tenant.admin.id, name: "Admin" }],
      label: "Buyer",
    });
    const run = await call("POST", "/v1/scoring/runs", { token: tenant.admin.token });
    expect(run.status).toBe(202);
    await until(
      async () => (await call("GET", `/v1/scoring/runs/${run.body.id}`, { token: tenant.admin.token })).body,
      (body) => body.status === "done" || body.status === "failed",
      120_000,
    );

    const page = await (await phone(browser, "en-US")).newPage();
    await page.goto(`${crm().url}/login`);
    await page.getByLabel("Email").fill(tenant.admin.email);
    await page.getByLabel("Password").fill(tenant.admin.password);
    await page.getByRole("button", { name: "Sign in" }).tap();
    const labels = page.locator(".tabbar .tab-label");
    await expect.poll(() => labels.count(), { timeout: 10_000 }).toBe(6);
    const boxes = await labels.evaluateAll((spans) =>
      spans.map((span) => {
        const box = span.getBoundingClientRect();
        return {
          text: span.textContent,
          left: box.left,
          right: box.right,
          clipped: span.scrollWidth > span.clientWidth,
        };
      }),
    );
    expect(boxes.map((box) => box.text)).toEqual([
      "Home",
      "Customers",
      "Analytics",
      "Team",
      "Settings",
      "Me",
    ]);
    for (const [i, box] of boxes.entries()) {
      expect(box.clipped, `${box.text} is cut`).toBe(false);
      const next = boxes[i + 1];
      if (next) expect(next.left - box.right, `${box.text} and ${next.text}`).toBeGreaterThanOrEqual(4);
    }
    await page.screenshot({ path: shot("47-tabs-en") });

    await page.getByRole("link", { name: "Analytics" }).tap();
    const pareto = page.getByRole("img", { name: "Share of revenue held by the top customers" });
    await expect.poll(() => pareto.isVisible(), { timeout: 10_000 }).toBe(true);
    await pareto.scrollIntoViewIfNeeded();
    const outside = await pareto.evaluate((svg) => {
      const frame = svg.getBoundingClientRect();
      return [...svg.querySelectorAll("text")]
        .map((text) => ({ text: text.textContent, box: text.getBoundingClientRect() }))
        .filter(
          ({ box }) =>
            box.left < frame.left - 0.5 ||
            box.right > frame.right + 0.5 ||
            box.top < frame.top - 0.5 ||
            box.bottom > frame.bottom + 0.5,
        )
        .map(({ text }) => text);
    });
    expect(outside).toEqual([]);
    expect(await pareto.locator("text", { hasText: "100%" }).count()).toBe(2);
    await pareto.screenshot({ path: shot("48-pareto-en") });

    const repPhone = await (await phone(browser, "en-US")).newPage();
    await repPhone.goto(`${crm().url}/login`);
    await repPhone.getByLabel("Email").fill(rep.email);
    await repPhone.getByLabel("Password").fill(rep.password);
    await repPhone.getByRole("button", { name: "Sign in" }).tap();
    await expect
      .poll(() => repPhone.getByText("You are a sales rep at browser-polish Ltd.").isVisible(), {
        timeout: 10_000,
      })
      .toBe(true);
  });
});
