import { resolve } from "node:path";
import { type EmbeddedStack, startEmbeddedStack } from "@crm/embedded/stack";
import { RATE_LIMITS } from "@crm/functions/api/rate-limit-policy";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PASSWORD, uniqueEmail } from "../support/api.js";
import { launchBrowser, phone, shot } from "../support/browser.js";

const FAILURES = 3;

describe("signing in past the account's limit", () => {
  // A stack of its own: the shared one's limits are raised for the other suites.
  let stack: EmbeddedStack;
  let browser: Browser;
  beforeAll(async () => {
    [stack, browser] = await Promise.all([
      startEmbeddedStack({
        webDist: resolve(import.meta.dirname, "../../web/dist"),
        rateLimits: {
          ...RATE_LIMITS,
          signInFailuresPerAccount: { ...RATE_LIMITS.signInFailuresPerAccount, attempts: FAILURES },
        },
      }),
      launchBrowser(),
    ]);
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  it("tells the person to wait, in English and in Chinese", { timeout: 120_000 }, async () => {
    // Windows are fixed: start in a fresh one rather than straddle a window's end.
    const { windowSeconds } = RATE_LIMITS.signInFailuresPerAccount;
    const left = windowSeconds - ((Date.now() / 1000) % windowSeconds);
    if (left < 30) await new Promise((done) => setTimeout(done, (left + 1) * 1000));
    const email = uniqueEmail("locked");
    const signup = await fetch(`${stack.url}/v1/signup`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        companyName: "Locked Ltd",
        adminName: "Lee",
        adminEmail: email,
        password: PASSWORD,
      }),
    });
    expect(signup.status).toBe(201);

    const signIn = async (locale: "en-US" | "zh-CN", password: string) => {
      const page = await (await phone(browser, locale)).newPage();
      const labels = locale === "zh-CN" ? ["邮箱", "密码", "登录"] : ["Email", "Password", "Sign in"];
      await page.goto(`${stack.url}/login`);
      await page.getByLabel(labels[0] as string).fill(email);
      await page.getByLabel(labels[1] as string).fill(password);
      await page.getByRole("button", { name: labels[2] as string }).tap();
      return page;
    };
    for (let attempt = 0; attempt < FAILURES; attempt++) {
      const page = await signIn("en-US", `Wrong-guess-${attempt}`);
      await expect.poll(() => page.getByRole("alert").textContent()).toBe("The email or password is wrong.");
      await page.close();
    }
    const english = await signIn("en-US", PASSWORD);
    await expect
      .poll(() => english.getByRole("alert").textContent())
      .toBe("Too many failed sign-ins to this account. Try again in 15 minutes.");
    await english.screenshot({ path: shot("sign-in-locked-en"), fullPage: true });
    const chinese = await signIn("zh-CN", PASSWORD);
    await expect
      .poll(() => chinese.getByRole("alert").textContent())
      .toBe("此账号登录失败次数过多，请 15 分钟后再试。");
    await chinese.screenshot({ path: shot("sign-in-locked-zh"), fullPage: true });
  });
});
