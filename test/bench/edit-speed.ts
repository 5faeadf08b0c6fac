/**
 * How long saving a customer edit takes in the web client, as a person
 * sees it: from tapping Save to the sheet closing with the change shown,
 * with every request the client makes meanwhile and its time.
 * Run against a running `start`: CRM_URL=http://127.0.0.1:3000 npx tsx test/bench/edit-speed.ts
 */
import { chromium } from "playwright-core";

const base = process.env.CRM_URL ?? "http://127.0.0.1:3000";
const api = `${base}/v1`;
const password = "Secret-2026x";
const email = `edit-speed-${Date.now()}@example.com`;

async function json(
  method: string,
  path: string,
  body?: unknown,
  token?: string,
  headers: Record<string, string> = {},
) {
  const response = await fetch(`${api}${path}`, {
    method,
    headers: {
      "content-type": "application/json",
      ...(token && { authorization: `Bearer ${token}` }),
      ...headers,
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return response.json() as Promise<any>;
}

await json("POST", "/signup", {
  companyName: "Edit speed",
  adminName: "Ann",
  adminEmail: email,
  password,
  region: "CN",
});
const { accessToken, refreshToken } = await json("POST", "/auth/login", { email, password });
const customer = await json(
  "POST",
  "/customers",
  { kind: "person", name: "张伟", phones: ["138 1234 5678"] },
  accessToken,
);

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"],
});
const context = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: "en-US" });
const page = await context.newPage();
await page.goto(`${base}/`);
await page.evaluate((refresh) => localStorage.setItem("crm.refreshToken", refresh), refreshToken);
const timings: Array<{ url: string; ms: number }> = [];
page.on("requestfinished", (request) => {
  const timing = request.timing();
  timings.push({
    url: `${request.method()} ${new URL(request.url()).pathname}`,
    ms: Math.round(timing.responseEnd),
  });
});
const samples: number[] = [];
for (let round = 1; round <= 5; round++) {
  await page.goto(`${base}/customers/${customer.id}`);
  await page.getByRole("button", { name: "Edit" }).click();
  await page.getByRole("dialog").getByLabel("Name").fill(`张伟 ${round}`);
  timings.length = 0;
  const started = performance.now();
  await page.getByRole("dialog").getByRole("button", { name: "Save customer" }).click();
  await page.getByRole("heading", { name: `张伟 ${round}` }).waitFor();
  await page
    .getByRole("dialog")
    .waitFor({ state: "detached" })
    .catch(() => undefined);
  samples.push(performance.now() - started);
  console.log(
    `round ${round}: ${Math.round(samples.at(-1) ?? 0)} ms`,
    timings.map((t) => `${t.url} ${t.ms}ms`).join(" | "),
  );
}
await browser.close();

// The baseline, in the same run: the requests the client used to wait for (the PATCH, then the
// customer and its history again) against the one it waits for now.
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;
const patchOnly: number[] = [];
const patchThenReload: number[] = [];
let version = (await json("GET", `/customers/${customer.id}`, undefined, accessToken)).version as number;
for (let round = 1; round <= 7; round++) {
  const rename = (name: string) =>
    json("PATCH", `/customers/${customer.id}`, { name }, accessToken, { "if-match": `"${version++}"` });
  let started = performance.now();
  await rename(`李雷 ${round}`);
  patchOnly.push(performance.now() - started);
  started = performance.now();
  await rename(`韩梅梅 ${round}`);
  await Promise.all([
    json("GET", `/customers/${customer.id}`, undefined, accessToken),
    json("GET", `/customers/${customer.id}/history?limit=20`, undefined, accessToken),
  ]);
  patchThenReload.push(performance.now() - started);
}
console.log(
  `save an edit in the browser, tap to shown: median ${Math.round(median(samples))} ms (of ${samples.length})`,
);
console.log(`requests waited for now (PATCH):              median ${Math.round(median(patchOnly))} ms`);
console.log(
  `requests waited for before (PATCH, then GETs): median ${Math.round(median(patchThenReload))} ms`,
);
