import { GetCommand, PutCommand, TransactWriteCommand } from "@aws-sdk/lib-dynamodb";
import { describe, expect, it } from "vitest";
import { ItemCache } from "./item-cache.js";

const key = { pk: "t1#SETTINGS", sk: "SETTINGS" };

function counter(value: () => unknown) {
  let reads = 0;
  return {
    load: async () => {
      reads++;
      return value();
    },
    reads: () => reads,
  };
}

describe("ItemCache", () => {
  it("answers from memory within its bound and reads again after it", async () => {
    let now = 0;
    const cache = new ItemCache(5_000, () => now);
    const source = counter(() => "v1");
    expect(await cache.read("crm", key, source.load)).toBe("v1");
    now = 4_999;
    expect(await cache.read("crm", key, source.load)).toBe("v1");
    expect(source.reads()).toBe(1);
    now = 5_000;
    await cache.read("crm", key, source.load);
    expect(source.reads()).toBe(2);
  });

  it("forgets an item at once when a write through it touches the item, in a transaction too", async () => {
    const cache = new ItemCache(60_000);
    let stored = "v1";
    const source = counter(() => stored);
    await cache.read("crm", key, source.load);
    await cache.written(new PutCommand({ TableName: "crm", Item: { ...key, value: "v2" } }), async () => {
      stored = "v2";
    });
    expect(await cache.read("crm", key, source.load)).toBe("v2");
    await cache.written(
      new TransactWriteCommand({
        TransactItems: [{ Update: { TableName: "crm", Key: key, UpdateExpression: "SET v = :v" } }],
      }),
      async () => {
        stored = "v3";
      },
    );
    expect(await cache.read("crm", key, source.load)).toBe("v3");
    // Another table's item of the same key, or a read, drops nothing.
    await cache.written(new PutCommand({ TableName: "other", Item: { ...key } }), async () => undefined);
    await cache.written(new GetCommand({ TableName: "crm", Key: key }), async () => undefined);
    expect(source.reads()).toBe(3);
    expect(await cache.read("crm", key, source.load)).toBe("v3");
    expect(source.reads()).toBe(3);
  });

  it("does not keep a read that a write overlapped: it may hold the old value", async () => {
    const cache = new ItemCache(60_000);
    let release: () => void = () => undefined;
    const slowOld = cache.read(
      "crm",
      key,
      () => new Promise<string>((resolve) => (release = () => resolve("old"))),
    );
    await cache.written(new PutCommand({ TableName: "crm", Item: { ...key } }), async () => undefined);
    release();
    expect(await slowOld).toBe("old");
    expect(await cache.read("crm", key, async () => "new")).toBe("new");
  });

  it("keeps nothing with a bound of 0", async () => {
    const cache = new ItemCache(0);
    const source = counter(() => "v");
    await cache.read("crm", key, source.load);
    await cache.read("crm", key, source.load);
    expect(source.reads()).toBe(2);
  });
});
