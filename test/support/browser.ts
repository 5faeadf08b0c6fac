import { mkdirSync } from "node:fs";
import { resolve } from "node:path";
import { type Browser, type BrowserContext, chromium } from "playwright-core";

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
