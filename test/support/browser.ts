import { mkdirSync } from "node:fs";
import { resolve } from "node:path";
import { type Browser, type BrowserContext, chromium, type Page } from "playwright-core";
import { crm } from "./api.js";

export const ARTIFACTS = resolve(import.meta.dirname, "../artifacts");

/** Debian's chromium, with the flags this sandboxed, offline machine needs. */
export async function launchBrowser(): Promise<Browser> {
  mkdirSync(ARTIFACTS, { recursive: true });
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
      "--disable-quic",
    ],
  });
}

/** A 390×844 phone with touch, in the given language. */
export function phone(browser: Browser, locale = "en-US"): Promise<BrowserContext> {
  return browser.newContext({
    viewport: { width: 390, height: 844 },
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
    locale,
  });
}

export const shot = (name: string) => resolve(ARTIFACTS, `${name}.png`);

const SIGN_IN_LABELS = {
  "zh-CN": { email: "邮箱", password: "密码", submit: "登录" },
  "en-US": { email: "Email", password: "Password", submit: "Sign in" },
} as const;

/** A phone in the given language with a page signed in as the member, as a person would sign in. */
export async function signedInPhone(
  browser: Browser,
  member: { email: string; password: string },
  locale: keyof typeof SIGN_IN_LABELS = "en-US",
): Promise<Page> {
  const page = await (await phone(browser, locale)).newPage();
  const labels = SIGN_IN_LABELS[locale];
  await page.goto(`${crm().url}/login`);
  await page.getByLabel(labels.email).fill(member.email);
  await page.getByLabel(labels.password).fill(member.password);
  await page.getByRole("button", { name: labels.submit }).tap();
  return page;
}
