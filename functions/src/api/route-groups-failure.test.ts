import { Logger } from "@aws-lambda-powertools/logger";
import { describe, expect, it, vi } from "vitest";
import { offlineApi } from "./offline-api.js";

// A route module that cannot be loaded (a broken deployment): no real module can be made to fail so.
vi.mock("./routes/audit.js", () => {
  throw new Error("chunk missing");
});

describe("a route group that fails to load", () => {
  it("answers 500 problem+json with the request's id, through the app's error handler", async () => {
    const app = offlineApi();
    const logged = vi.spyOn(Logger.prototype, "error").mockImplementation(() => undefined);
    try {
      const response = await app.request("/v1/audit");
      expect(response.status).toBe(500);
      expect(response.headers.get("content-type")).toContain("application/problem+json");
      expect(response.headers.get("x-request-id")).toBeTruthy();
      expect(await response.text()).not.toContain("chunk missing");
      expect(logged).toHaveBeenCalledTimes(1);
      // Other groups still load and answer.
      expect((await app.request("/v1/customers/01CUSTOMER")).status).toBe(401);
    } finally {
      logged.mockRestore();
    }
  });
});
