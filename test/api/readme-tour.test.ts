import { execFile } from "node:child_process";
import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { crm } from "../support/api.js";

const run = promisify(execFile);

/** The ```sh block of the README's "Using the API" section, exactly as a reader copies it. */
function tourOfReadme(): string {
  const readme = readFileSync(resolve(import.meta.dirname, "../../README.md"), "utf8");
  const section = readme.slice(readme.indexOf("\n## Using the API\n"));
  const block = /```sh\n([\s\S]*?)\n```/.exec(section)?.[1];
  if (!block) throw new Error('README.md has no ```sh block under "## Using the API".');
  return block;
}

/** Each curl's status, method and URL, written to stderr beside what the tour prints. */
const STATUS_MARK = "@@status";
const PRELUDE = [
  "set -e -o pipefail",
  `curl() { command curl -w '%{stderr}${STATUS_MARK} %{http_code} %{method} %{url_effective}\\n' "$@"; }`,
].join("\n");

describe("the README's curl tour", () => {
  it("has nothing left for the reader to fill in", () => {
    expect(tourOfReadme()).not.toMatch(/<[a-z]+>/i);
  });

  it("runs as written against the embedded stack, every call answering as it should", async () => {
    const tour = tourOfReadme()
      .replaceAll("http://localhost:3000", crm().url)
      // Each run signs up a company of its own: the emails must be new.
      .replaceAll("acme.test", `acme-${randomUUID().slice(0, 8)}.test`);
    expect(tour).toContain(`B=${crm().url}/v1`);

    const { stdout, stderr } = await run("bash", ["-c", `${PRELUDE}\n${tour}`], {
      env: { ...process.env, PATH: `${dirname(process.execPath)}:${process.env.PATH}` },
      timeout: 60_000,
    });

    const calls = stderr
      .split("\n")
      .filter((line) => line.startsWith(STATUS_MARK))
      .map((line) => {
        const [, status, method, url = ""] = line.split(" ");
        return `${status} ${method} ${new URL(url).pathname.replace(/\/customers\/[^/]+\//, "/customers/{id}/")}`;
      });
    expect(calls, stderr).toEqual([
      "201 POST /v1/signup",
      "200 POST /v1/auth/login",
      "200 GET /v1/me",
      "201 POST /v1/users",
      "201 POST /v1/customers",
      "200 GET /v1/customers",
      "201 POST /v1/customers/{id}/transactions",
      "200 GET /v1/tenant/settings",
      "200 PATCH /v1/tenant/settings",
    ]);
    // The customer's answer, its phone read in the signup's region.
    expect(stdout).toContain('"phones":["+8613812345678"]');
    expect(stdout).toContain('"name":"张伟"');
    expect(stdout).toContain('"currency":"CNY"');
  });
});
