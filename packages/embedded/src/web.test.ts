import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { webApp } from "./web.js";

describe("the embedded web client", () => {
  it("answers client routes with the index.html of the current build, also after a rebuild", async () => {
    const dist = mkdtempSync(join(tmpdir(), "crm-web-"));
    writeFileSync(join(dist, "index.html"), '<script src="/assets/index-old.js"></script>');
    const app = webApp(dist, {});
    expect(await (await app.request("/customers/42")).text()).toContain("index-old.js");
    writeFileSync(join(dist, "index.html"), '<script src="/assets/index-new.js"></script>');
    const after = await app.request("/customers/42");
    expect(after.headers.get("cache-control")).toBe("no-cache");
    expect(await after.text()).toContain("index-new.js");
  });
});
