import { describe, expect, it } from "vitest";
import { offlineApi } from "./offline-api.js";

const WEB = "https://d111111abcdef8.cloudfront.net";

const api = (webUrl: string | undefined) => offlineApi(webUrl);

const preflight = (origin: string) => ({
  method: "OPTIONS",
  headers: {
    origin,
    "access-control-request-method": "POST",
    "access-control-request-headers": "authorization,content-type,idempotency-key",
  },
});

const corsHeaders = (response: Response) =>
  [...response.headers.keys()].filter((name) => name.startsWith("access-control-"));

describe("CORS", () => {
  it("answers a preflight from the web client's origin with what the client may send and read", async () => {
    const response = await api(WEB).request("/v1/customers", preflight(WEB));
    expect(response.status).toBe(204);
    expect(response.headers.get("access-control-allow-origin")).toBe(WEB);
    expect(response.headers.get("access-control-allow-methods")?.split(",")).toEqual(
      expect.arrayContaining(["GET", "POST", "PATCH", "DELETE"]),
    );
    expect(response.headers.get("access-control-allow-headers")?.split(",")).toEqual(
      expect.arrayContaining(["authorization", "content-type", "idempotency-key", "if-match"]),
    );
    expect(response.headers.get("access-control-max-age")).toBe("3600");
    expect(response.headers.get("vary")).toContain("Origin");
  });

  it("lets the web client read an answer and the headers it needs", async () => {
    const response = await api(WEB).request("/v1/openapi.json", { headers: { origin: WEB } });
    expect(response.status).toBe(200);
    expect(response.headers.get("access-control-allow-origin")).toBe(WEB);
    expect(response.headers.get("access-control-expose-headers")?.split(",")).toEqual(
      expect.arrayContaining(["etag", "location", "idempotent-replayed", "retry-after"]),
    );
  });

  it("gives any other origin no CORS header, on a preflight or an answer", async () => {
    const app = api(WEB);
    for (const origin of ["https://evil.example", `${WEB}.evil.example`, "null"]) {
      const answer = await app.request("/v1/customers", preflight(origin));
      expect(corsHeaders(answer), origin).toEqual([]);
      expect(answer.headers.get("vary")).toContain("Origin");
      const read = await app.request("/v1/openapi.json", { headers: { origin } });
      expect(read.status).toBe(200);
      expect(corsHeaders(read), origin).toEqual([]);
    }
  });

  it("allows no origin at all where the client and the API share one (the embedded stack)", async () => {
    const answer = await api(undefined).request("/v1/openapi.json", { headers: { origin: WEB } });
    expect(corsHeaders(answer)).toEqual([]);
  });
});
