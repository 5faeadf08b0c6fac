import { createServer } from "node:net";
import { DynamoDBClient, ListTablesCommand } from "@aws-sdk/client-dynamodb";
import { DomainError } from "@crm/domain";
import { describe, expect, it } from "vitest";
import { isServiceUnreachable } from "./unreachable.js";

/** A port that was just free: nothing listens there, so connecting is refused. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe("isServiceUnreachable", () => {
  it("knows the SDK's refused connection and fetch's, however they are wrapped", async () => {
    const port = await closedPort();
    const client = new DynamoDBClient({
      endpoint: `http://127.0.0.1:${port}`,
      region: "local",
      credentials: { accessKeyId: "local", secretAccessKey: "local" },
      maxAttempts: 1,
    });
    const sdk = await client.send(new ListTablesCommand({})).catch((error: unknown) => error);
    client.destroy();
    expect(isServiceUnreachable(sdk)).toBe(true);
    const fetched = await fetch(`http://127.0.0.1:${port}/`).catch((error: unknown) => error);
    expect(isServiceUnreachable(fetched)).toBe(true);
  });

  it("knows timeouts and a reset socket by the names and codes Node and the SDK give them", () => {
    expect(
      isServiceUnreachable(Object.assign(new Error("connect timed out"), { name: "TimeoutError" })),
    ).toBe(true);
    expect(isServiceUnreachable(Object.assign(new Error("socket hang up"), { code: "ECONNRESET" }))).toBe(
      true,
    );
    expect(
      isServiceUnreachable(new AggregateError([Object.assign(new Error("x"), { code: "ECONNREFUSED" })])),
    ).toBe(true);
  });

  it("leaves every other error to be what it is", () => {
    expect(isServiceUnreachable(new DomainError("customer-not-found"))).toBe(false);
    expect(
      isServiceUnreachable(Object.assign(new Error("no"), { name: "ConditionalCheckFailedException" })),
    ).toBe(false);
    expect(isServiceUnreachable(new TypeError("x is undefined"))).toBe(false);
    expect(isServiceUnreachable("ECONNREFUSED")).toBe(false);
  });
});
