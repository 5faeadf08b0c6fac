import { runJob } from "@crm/functions/jobs/run-job";
import { createStore } from "@crm/functions/store";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call, crm, login, PASSWORD, uniqueEmail } from "../support/api.js";
import { launchBrowser, phone, shot } from "../support/browser.js";

describe("on a phone", () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it("an admin signs up and invites a rep; the rep joins and cannot reach the admin pages", async () => {
    const { url } = crm();
    const adminEmail = uniqueEmail("browser-admin");
    const repEmail = uniqueEmail("browser-rep");

    const adminContext = await phone(browser, "en-US");
    const admin = await adminContext.newPage();
    await admin.goto(url);
    await admin.waitForURL("**/login");
    await admin.getByRole("link", { name: "Create a company" }).tap();
    await admin.getByLabel("Company name").fill("Phone Co");
    await admin.getByLabel("Your name").fill("Pat Admin");
    await admin.getByLabel("Email").fill(adminEmail);
    await admin.getByLabel("Password").fill(PASSWORD);
    await admin.screenshot({ path: shot("01-signup"), fullPage: true });
    await admin.getByRole("button", { name: "Create my company" }).tap();
    await expect
      .poll(() => admin.getByRole("heading", { name: "Hello, Pat Admin" }).isVisible(), { timeout: 15_000 })
      .toBe(true);
    await expect.poll(() => admin.getByRole("heading", { name: "Your team" }).isVisible()).toBe(true);
    await admin.screenshot({ path: shot("02-admin-home"), fullPage: true });

    await admin.getByRole("link", { name: "Team", exact: true }).tap();
    await admin.getByRole("button", { name: "+ Invite" }).tap();
    const sheet = admin.getByRole("dialog");
    await sheet.getByLabel("Name").fill("Ray Rep");
    // "Email" alone: the sheet also asks for the language of the email.
    await sheet.getByLabel("Email", { exact: true }).fill(repEmail);
    await sheet.getByText("Sales rep", { exact: true }).tap();
    await sheet.getByRole("button", { name: "Create invitation" }).tap();
    const link = sheet.getByLabel("invitation link");
    await link.waitFor();
    const invitationUrl = await link.inputValue();
    expect(invitationUrl).toContain("/invite#");
    await admin.screenshot({ path: shot("03-invitation-link") });
    await sheet.getByRole("button", { name: "Close" }).first().tap();
    await expect.poll(() => admin.getByText("Ray Rep").isVisible()).toBe(true);
    await admin.screenshot({ path: shot("04-team"), fullPage: true });
    await admin.getByRole("link", { name: "Home", exact: true }).tap();
    await expect.poll(() => admin.getByRole("img", { name: "People by role" }).isVisible()).toBe(true);
    await expect.poll(() => admin.getByText(/Seats are counted every night/).isVisible()).toBe(true);
    // Two nights pass: the nightly job (the code the scheduler runs) counts the seats.
    const session = await login(adminEmail);
    const tenantId = (await call("GET", "/v1/me", { token: session.accessToken })).body.tenant.id;
    const store = createStore(crm().config);
    for (const date of ["2026-11-20", "2026-11-21"]) await runJob(store, { job: "nightly", tenantId, date });
    await admin.reload();
    await expect
      .poll(() => admin.getByRole("img", { name: "Seats by night" }).isVisible(), { timeout: 10_000 })
      .toBe(true);
    await expect
      .poll(() => admin.getByText("Seats by night · 1 active on Nov 21, 2026").isVisible())
      .toBe(true);
    await admin.screenshot({ path: shot("04b-admin-home-charts"), fullPage: true });

    const repContext = await phone(browser, "en-US");
    const rep = await repContext.newPage();
    await rep.goto(invitationUrl);
    await rep.getByLabel("Choose a password").fill(PASSWORD);
    await rep.getByRole("button", { name: "Set password and sign in" }).tap();
    await expect
      .poll(() => rep.getByRole("heading", { name: "Hello, Ray Rep" }).isVisible(), { timeout: 15_000 })
      .toBe(true);
    const tabs = await rep.getByRole("navigation", { name: "main" }).getByRole("link").allTextContents();
    expect(tabs.join(" ")).not.toMatch(/Team|Settings/);
    await rep.screenshot({ path: shot("05-rep-home"), fullPage: true });

    for (const adminPage of ["/team", "/settings"]) {
      await rep.goto(`${url}${adminPage}`);
      await expect.poll(() => rep.getByTestId("forbidden").isVisible(), { timeout: 10_000 }).toBe(true);
      await expect.poll(() => rep.getByText("Ray Rep").isVisible()).toBe(false);
    }
    await rep.screenshot({ path: shot("06-rep-forbidden"), fullPage: true });
    await adminContext.close();
    await repContext.close();
  });

  it("speaks Chinese to a Chinese phone, shows field errors in Chinese, and switches to English", async () => {
    const context = await phone(browser, "zh-CN");
    const page = await context.newPage();
    await page.goto(`${crm().url}/signup`);
    await expect.poll(() => page.getByRole("heading", { name: "开通您的 CRM" }).isVisible()).toBe(true);
    await page.getByLabel("邮箱").fill("不是邮箱");
    await page.getByRole("button", { name: "创建公司" }).tap();
    await expect.poll(() => page.getByText("请输入有效的邮箱地址。").isVisible()).toBe(true);
    // Each error sits beside its own field (the empty name fields each read "此项必填。").
    const companyField = page.locator(".field").filter({ has: page.getByLabel("公司名称") });
    await expect.poll(() => companyField.getByText("此项必填。").isVisible()).toBe(true);
    await page.screenshot({ path: shot("07-signup-zh-errors"), fullPage: true });
    await page.getByRole("button", { name: "EN" }).tap();
    await expect.poll(() => page.getByRole("heading", { name: "Start your CRM" }).isVisible()).toBe(true);
    // The errors are codes from the API, so they follow the language too.
    const companyFieldEn = page.locator(".field").filter({ has: page.getByLabel("Company name") });
    await expect.poll(() => companyFieldEn.getByText("This field is required.").isVisible()).toBe(true);
    await expect.poll(() => page.getByText("Enter a valid email address.").isVisible()).toBe(true);
    await context.close();
  });
});
