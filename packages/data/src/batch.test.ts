import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import {
  BatchGetCommand,
  BatchWriteCommand,
  type BatchWriteCommandInput,
  DeleteCommand,
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
} from "@aws-sdk/lib-dynamodb";
import { mockClient } from "aws-sdk-client-mock";
import { beforeEach, describe, expect, it } from "vitest";
import { BatchIncomplete, getAll, type WriteRequest, writeAll } from "./batch.js";
import { createDocumentClient } from "./client.js";
import { CustomerRepository } from "./customer-repository.js";

// DynamoDB Local never leaves items unprocessed: this error path is what the mock is for.
const dynamo = mockClient(DynamoDBDocumentClient);
const doc = createDocumentClient(new DynamoDBClient({ region: "eu-west-1" }));
const TABLE = "crm";
const noWait = async () => undefined;

const puts = (count: number): WriteRequest[] =>
  Array.from({ length: count }, (_, index) => ({
    PutRequest: { Item: { pk: "t#X", sk: `item-${String(index).padStart(3, "0")}` } },
  }));

const skOf = (request: WriteRequest) =>
  String("PutRequest" in request ? request.PutRequest.Item.sk : request.DeleteRequest.Key.sk);

type Requests = NonNullable<BatchWriteCommandInput["RequestItems"]>[string];

/** A DynamoDB that leaves the last `left` requests of every batch unprocessed, `times` times. */
function throttledWrites(left: number, times: number) {
  const written: string[] = [];
  let throttles = 0;
  dynamo.on(BatchWriteCommand).callsFake((input: BatchWriteCommandInput) => {
    const requests = input.RequestItems?.[TABLE] ?? [];
    const keep = throttles < times ? Math.max(0, requests.length - left) : requests.length;
    if (keep < requests.length) throttles++;
    for (const request of requests.slice(0, keep)) {
      const key = request.PutRequest?.Item?.sk ?? request.DeleteRequest?.Key?.sk;
      written.push(String(key));
    }
    const unprocessed = requests.slice(keep) as Requests;
    return { UnprocessedItems: unprocessed.length > 0 ? { [TABLE]: unprocessed } : {} };
  });
  return written;
}

beforeEach(() => dynamo.reset());

describe("batch writes", () => {
  it("sends again what DynamoDB left unprocessed, until every item is written once", async () => {
    const written = throttledWrites(7, 5);
    const requests = puts(60);
    await writeAll(doc, TABLE, requests, { sleep: noWait });
    expect(written.sort()).toEqual(requests.map(skOf).sort());
    // 3 batches of at most 25, plus the retries of the 5 throttled ones.
    expect(dynamo.commandCalls(BatchWriteCommand)).toHaveLength(8);
  });

  it("fails loudly, naming how many are left, when DynamoDB keeps refusing", async () => {
    throttledWrites(3, Number.POSITIVE_INFINITY);
    const error = await writeAll(doc, TABLE, puts(10), { sleep: noWait, maxAttempts: 4 }).catch(
      (failure: unknown) => failure,
    );
    expect(error).toBeInstanceOf(BatchIncomplete);
    expect((error as BatchIncomplete).remaining).toBe(3);
    expect(dynamo.commandCalls(BatchWriteCommand)).toHaveLength(4);
  });

  it("backs off longer after each refusal", async () => {
    throttledWrites(1, 3);
    const waits: number[] = [];
    const random = Math.random;
    Math.random = () => 1;
    try {
      await writeAll(doc, TABLE, puts(2), {
        sleep: async (ms) => {
          waits.push(ms);
        },
        baseDelayMs: 10,
      });
    } finally {
      Math.random = random;
    }
    expect(waits).toEqual([20, 40, 80]);
  });
});

describe("batch reads", () => {
  it("reads again the keys DynamoDB left unprocessed", async () => {
    let first = true;
    dynamo.on(BatchGetCommand).callsFake((input) => {
      const keys = input.RequestItems[TABLE].Keys as Array<{ pk: string; sk: string }>;
      const served = first ? keys.slice(0, 1) : keys;
      const left = first ? keys.slice(1) : [];
      first = false;
      return {
        Responses: { [TABLE]: served.map((key) => ({ ...key, name: key.sk })) },
        UnprocessedKeys: left.length > 0 ? { [TABLE]: { Keys: left } } : {},
      };
    });
    const found = await getAll(
      doc,
      TABLE,
      ["a", "b", "c"].map((sk) => ({ pk: "t#X", sk })),
      { sleep: noWait },
    );
    expect(found.map((item) => item.name).sort()).toEqual(["a", "b", "c"]);
  });
});

describe("a customer's erasure", () => {
  it("deletes every item of the customer's partition even when DynamoDB throttles the batch", async () => {
    const tenantId = "t000000000000000000000001";
    const pk = `${tenantId}#CUST#c1`;
    const partition = [
      { pk, sk: "PROFILE" },
      ...Array.from({ length: 40 }, (_, index) => ({ pk, sk: `HISTORY#2026-01-01#${index}` })),
    ];
    const profile = {
      pk,
      sk: "PROFILE",
      id: "c1",
      name: "Ann",
      emails: [],
      phones: [],
      tags: [],
      ownerId: "u1",
    };
    // The profile is read alone or with the customer's score item, in one batch.
    dynamo.on(GetCommand).resolves({ Item: profile });
    dynamo.on(BatchGetCommand).resolves({ Responses: { [TABLE]: [profile] } });
    dynamo.on(PutCommand).resolves({});
    // The last sweep after the profile is gone finds the partition empty.
    dynamo.on(QueryCommand).resolvesOnce({ Items: partition }).resolves({ Items: [] });
    const deletedProfile: unknown[] = [];
    dynamo.on(DeleteCommand).callsFake((input) => {
      deletedProfile.push(input.Key);
      return {};
    });
    const written = throttledWrites(10, 3);
    await new CustomerRepository(doc, TABLE, tenantId).erase(
      "c1",
      { id: "u1", name: "Admin" },
      "2026-11-29T00:00:00Z",
    );
    expect(written.sort()).toEqual(
      partition
        .filter((item) => item.sk !== "PROFILE")
        .map((item) => item.sk)
        .sort(),
    );
    expect(deletedProfile).toEqual([{ pk, sk: "PROFILE" }]);
  });
});
