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

/** Where the phones are unless a test says otherwise: in China, in Chinese, as the product's first users. */
export const DEFAULT_LOCALE = "zh-CN";
export const DEFAULT_TIME_ZONE = "Asia/Shanghai";

export type PhoneOptions = {
  /** The browser's time zone (an IANA id); what the device's clock reads, not the company's. */
  timezoneId?: string;
};

/** A 390×844 phone with touch, in the given language and (by default) in Shanghai's time zone. */
export function phone(
  browser: Browser,
  locale: string = DEFAULT_LOCALE,
  options: PhoneOptions = {},
): Promise<BrowserContext> {
  return browser.newContext({
    viewport: { width: 390, height: 844 },
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
    locale,
    timezoneId: options.timezoneId ?? DEFAULT_TIME_ZONE,
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
  locale: keyof typeof SIGN_IN_LABELS = DEFAULT_LOCALE,
  options: PhoneOptions = {},
): Promise<Page> {
  const page = await (await phone(browser, locale, options)).newPage();
  const labels = SIGN_IN_LABELS[locale];
  await page.goto(`${crm().url}/login`);
  await page.getByLabel(labels.email).fill(member.email);
  await page.getByLabel(labels.password).fill(member.password);
  await page.getByRole("button", { name: labels.submit }).tap();
  return page;
}
