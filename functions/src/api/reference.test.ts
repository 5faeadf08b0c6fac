import { describe, expect, it } from "vitest";
import { renderReference } from "./reference.js";

describe("the API reference page", () => {
  it("lists each operation under its tag and escapes what it shows", () => {
    const html = renderReference({
      info: { title: "CRM <API>", version: "1" },
      paths: {
        "/v1/things/{id}": {
          get: {
            summary: "Read a <thing>",
            tags: ["Things"],
            security: [{ bearer: [] }],
            responses: { 200: { description: "OK" } },
          },
        },
      },
    });
    expect(html).toContain("<h2>Things</h2>");
    expect(html).toContain("/v1/things/{id}");
    expect(html).toContain("Read a &lt;thing&gt;");
    expect(html).toContain("CRM &lt;API&gt;");
    expect(html).not.toContain("<thing>");
  });
});
