import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signUpTenant } from "../support/api.js";
import { launchBrowser, shot, signedInPhone } from "../support/browser.js";

describe("customers on a phone", () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it("a rep adds a customer, sees the field errors beside the fields, finds them by typing, calls and edits them", async () => {
    const tenant = await signUpTenant("browser-customers");
    const page = await signedInPhone(browser, tenant.admin, "en-US");
    await page.getByRole("link", { name: "Customers", exact: true }).tap();
    await expect.poll(() => page.getByText("No customers yet").isVisible()).toBe(true);

    await page.getByRole("button", { name: "+ New customer" }).tap();
    const sheet = page.getByRole("dialog");
    await sheet.getByRole("button", { name: "Company" }).tap();
    await sheet.getByLabel("Name").fill("ＡＣＭＥ Trading");
    await sheet.getByLabel("Phones").fill("123");
    await sheet.getByRole("button", { name: "Save customer" }).tap();
    await expect.poll(() => sheet.getByText("Not a valid phone number.").isVisible()).toBe(true);
    await page.screenshot({ path: shot("10-customer-field-error") });
    await sheet.getByLabel("Phones").fill("+1 415 555 0100");
    await sheet.getByRole("button", { name: "Save customer" }).tap();

    await expect
      .poll(() => page.getByRole("heading", { name: "ＡＣＭＥ Trading" }).isVisible(), { timeout: 10_000 })
      .toBe(true);
    // A US number in a US company reads in national format; the link dials E.164.
    const call = page.getByRole("link", { name: "Call (415) 555-0100" });
    expect(await call.getAttribute("href")).toBe("tel:+14155550100");
    await page.screenshot({ path: shot("11-customer-page"), fullPage: true });

    await page.getByRole("button", { name: "Edit" }).tap();
    await page.getByRole("dialog").getByLabel("Tags").fill("fair-2026, vip");
    await page.getByRole("dialog").getByRole("button", { name: "Save customer" }).tap();
    await expect
      .poll(() => page.getByText("changed Tags: — → fair-2026, vip").isVisible(), { timeout: 10_000 })
      .toBe(true);

    // A tag on the customer page opens the list of that tag.
    await page.getByRole("link", { name: "vip", exact: true }).tap();
    await expect.poll(() => page.getByRole("button", { name: "Show all tags" }).isVisible()).toBe(true);
    await expect.poll(() => page.getByRole("link", { name: /ＡＣＭＥ Trading/ }).isVisible()).toBe(true);
    await page.getByRole("button", { name: "Show all tags" }).tap();
    await page.getByLabel("Show").selectOption("mine");
    await expect.poll(() => page.getByRole("link", { name: /ＡＣＭＥ Trading/ }).isVisible()).toBe(true);
    await page.getByLabel("Show").selectOption("churned");
    await expect.poll(() => page.getByText("No customer matches.").isVisible()).toBe(true);
    await page.getByLabel("Show").selectOption("all");
    await page.getByLabel("Name, phone or email").fill("acme");
    await expect.poll(() => page.getByRole("link", { name: /ＡＣＭＥ Trading/ }).isVisible()).toBe(true);
    await page.getByLabel("Name, phone or email").fill("zzz");
    await expect.poll(() => page.getByText("No customer matches.").isVisible()).toBe(true);
    await page.screenshot({ path: shot("12-customer-search"), fullPage: true });

    // Delete from the customer page (undoable, no confirm), then restore from the deleted list.
    await page.getByLabel("Name, phone or email").fill("");
    await page.getByRole("link", { name: /ＡＣＭＥ Trading/ }).tap();
    await page.getByRole("button", { name: "Delete customer" }).tap();
    await expect.poll(() => page.getByText("No customers yet").isVisible(), { timeout: 10_000 }).toBe(true);
    await page.getByLabel("Show").selectOption("deleted");
    await page.getByRole("button", { name: "Restore ＡＣＭＥ Trading" }).tap();
    await expect
      .poll(() => page.getByRole("heading", { name: "ＡＣＭＥ Trading" }).isVisible(), { timeout: 10_000 })
      .toBe(true);
    // A company's contacts: add the buyer, primary, one tap from a call.
    await page.getByRole("button", { name: "Add a contact" }).tap();
    const contactSheet = page.getByRole("dialog");
    await contactSheet.getByLabel("Name").fill("Mia Buyer");
    await contactSheet.getByLabel("Phones").fill("+1 415 555 0177");
    await contactSheet.getByText("Primary contact").tap();
    await contactSheet.getByRole("button", { name: "Save" }).tap();
    const callMia = page.getByRole("link", { name: "Call (415) 555-0177" });
    await expect.poll(() => callMia.isVisible(), { timeout: 10_000 }).toBe(true);
    expect(await callMia.getAttribute("href")).toBe("tel:+14155550177");
    await page.screenshot({ path: shot("13-company-contacts"), fullPage: true });

    // A purchase typed in dollars and cents is kept in cents and counted at once.
    await page.getByRole("button", { name: "Record a purchase or refund" }).tap();
    const sale = page.getByRole("dialog");
    await sale.getByLabel("Amount (US Dollar · $)").fill("12.50");
    await sale.getByLabel("Order number").fill("PO-77");
    await sale.getByRole("button", { name: "Save" }).tap();
    await expect.poll(() => page.locator(".stats").textContent(), { timeout: 10_000 }).toContain("$12.50");
    // The purchase list reloads apart from the figures: on a busy machine it can come a moment later.
    await expect.poll(() => page.locator(".transaction").count(), { timeout: 10_000 }).toBe(1);
    await page.screenshot({ path: shot("14-customer-purchases"), fullPage: true });
    await page.context().close();
  });
});
