import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call, signUpTenant } from "../support/api.js";
import { launchBrowser, shot, signedInPhone } from "../support/browser.js";

const csv = [
  "姓名,手机,会员等级",
  "张伟,138 0000 0001,金卡",
  "李娜,12,银卡",
  "王芳,139 0000 0002,金卡",
  "",
].join("\r\n");

describe("bulk work on a phone", () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it("an admin adds a custom field, imports a Chinese sheet after a dry run, merges a duplicate and exports the list", async () => {
    const tenant = await signUpTenant("browser-import", { locale: "zh-CN" });
    const page = await signedInPhone(browser, tenant.admin, "zh-CN");

    // Settings: a select field for customers.
    await page.getByRole("link", { name: "设置" }).tap();
    await page.getByRole("button", { name: "添加字段" }).tap();
    const sheet = page.getByRole("dialog");
    await sheet.getByLabel("中文名称").fill("会员等级");
    await sheet.getByLabel("英文名称").fill("Membership");
    // The key follows the Chinese label, in pinyin, until edited.
    await expect.poll(() => sheet.getByLabel("键名").inputValue()).toBe("huiyuandengji");
    await sheet.getByLabel("类型").selectOption("select");
    // Each option in both languages.
    await sheet.getByLabel("选项 1（中文）").fill("金卡");
    await sheet.getByLabel("选项 1（英文）").fill("Gold");
    await sheet.getByRole("button", { name: "添加选项" }).tap();
    await sheet.getByLabel("选项 2（中文）").fill("银卡");
    await sheet.getByLabel("选项 2（英文）").fill("Silver");
    await sheet.getByRole("button", { name: "添加字段" }).tap();
    await expect.poll(() => page.getByText("单选 · huiyuandengji · 金卡, 银卡").isVisible()).toBe(true);
    await page.screenshot({ path: shot("20-custom-fields"), fullPage: true });

    // The import wizard: the file's columns map themselves, the custom field included.
    await page.getByRole("link", { name: "客户" }).first().tap();
    // An empty list offers the import as its call to action.
    await page.getByRole("link", { name: "导入您的客户" }).tap();
    await page.locator('input[type="file"]').setInputFiles({
      name: "客户.csv",
      mimeType: "text/csv",
      buffer: Buffer.from(`\ufeff${csv}`, "utf8"),
    });
    await expect.poll(() => page.getByLabel("会员等级").inputValue()).toBe("customFields.huiyuandengji");
    expect(await page.getByLabel("姓名").inputValue()).toBe("name");
    await page.getByRole("button", { name: "检查（试运行）" }).tap();
    await expect
      .poll(() => page.getByText("第 3 行，手机： 不是有效的电话号码。").isVisible(), { timeout: 15_000 })
      .toBe(true);
    expect(await page.getByRole("progressbar").getAttribute("aria-valuenow")).toBe("3");
    await page.screenshot({ path: shot("21-import-dry-run"), fullPage: true });
    await page.getByRole("button", { name: "导入", exact: true }).tap();
    await expect
      .poll(() => page.getByRole("heading", { name: "导入结果" }).isVisible(), { timeout: 15_000 })
      .toBe(true);
    await expect
      .poll(() => page.locator(".counts strong").first().textContent(), { timeout: 15_000 })
      .toBe("2");
    await page.screenshot({ path: shot("22-import-done"), fullPage: true });

    // A duplicate of 张伟, found by initials in the merge sheet.
    const duplicate = await call("POST", "/v1/customers", {
      token: tenant.admin.token,
      body: { kind: "person", name: "张伟 (旧)", emails: ["zw@example.cn"] },
    });
    expect(duplicate.status).toBe(201);
    await page.getByRole("link", { name: "客户" }).first().tap();
    await page.getByLabel("姓名、电话或邮箱").fill("zw");
    // A CN number in a CN company reads in national format.
    await page.getByRole("link", { name: /^张伟 138 0000 0001/ }).tap();
    await expect.poll(() => page.getByText("金卡").isVisible()).toBe(true);
    await page.getByRole("button", { name: "合并重复客户" }).tap();
    await page
      .getByRole("dialog")
      .getByRole("button", { name: /张伟 \(旧\)/ })
      .tap();
    // Both side by side; this one stays.
    await page.getByRole("dialog").getByRole("button", { name: "合并这两条" }).tap();
    await expect
      .poll(() => page.getByText("将 张伟 (旧) 合并到此客户").isVisible(), { timeout: 10_000 })
      .toBe(true);
    await expect
      .poll(() => page.getByRole("link", { name: "发邮件至 zw@example.cn" }).isVisible())
      .toBe(true);
    await page.screenshot({ path: shot("23-merged"), fullPage: true });

    // Export the list: a CSV download with a BOM.
    await page.getByRole("link", { name: "客户" }).first().tap();
    const download = page.waitForEvent("download");
    await page.getByRole("button", { name: "导出这些客户" }).tap();
    const file = await download;
    const stream = await file.createReadStream();
    const chunks: Buffer[] = [];
    for await (const chunk of stream) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks);
    expect([...text.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(text.toString("utf8")).toContain("王芳");
    await page.context().close();
  });
});
