import { TransactionCanceledException } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient, GetCommand, TransactWriteCommand } from "@aws-sdk/lib-dynamodb";
import { mockClient } from "aws-sdk-client-mock";
import { beforeEach, describe, expect, it } from "vitest";
import { UserRepository } from "./user-repository.js";

// DynamoDB Local cannot be made to throttle or to report a conflict on demand: these paths are mocked.
const doc = mockClient(DynamoDBDocumentClient);
const tenantId = "t0123456789abcdef01234567";

const stored = {
  id: "u1",
  email: "a@example.com",
  name: "A",
  role: "admin",
  active: true,
  passwordSet: true,
  createdAt: "2026-01-01T00:00:00.000Z",
  updatedAt: "2026-01-01T00:00:00.000Z",
  version: 3,
};

const cancelled = (...codes: string[]) =>
  new TransactionCanceledException({
    message: "cancelled",
    $metadata: {},
    CancellationReasons: codes.map((Code) => ({ Code })),
  });

describe("user updates under contention", () => {
  beforeEach(() => {
    doc.reset();
    doc.on(GetCommand).resolves({ Item: stored });
  });

  it("runs the update again when another transaction held the admin count", async () => {
    doc.on(TransactWriteCommand).rejectsOnce(cancelled("None", "TransactionConflict")).resolves({});
    const repository = new UserRepository(doc as unknown as DynamoDBDocumentClient, "crm", tenantId);
    await repository.update("u1", { role: "manager" }, 3, "2026-01-02T00:00:00.000Z");
    expect(doc.commandCalls(TransactWriteCommand)).toHaveLength(2);
  });

  it("passes throttling through instead of calling it a stale version", async () => {
    doc.on(TransactWriteCommand).rejects(cancelled("ThrottlingError", "None"));
    const repository = new UserRepository(doc as unknown as DynamoDBDocumentClient, "crm", tenantId);
    await expect(
      repository.update("u1", { role: "manager" }, 3, "2026-01-02T00:00:00.000Z"),
    ).rejects.toBeInstanceOf(TransactionCanceledException);
  });

  it("reports the last admin rule when only the admin count's condition failed", async () => {
    doc.on(TransactWriteCommand).rejects(cancelled("None", "ConditionalCheckFailed"));
    const repository = new UserRepository(doc as unknown as DynamoDBDocumentClient, "crm", tenantId);
    await expect(
      repository.update("u1", { active: false }, 3, "2026-01-02T00:00:00.000Z"),
    ).rejects.toMatchObject({
      kind: "conflict",
    });
  });

  it("writes every key of the update under the tenant's id", async () => {
    doc.on(TransactWriteCommand).resolves({});
    const repository = new UserRepository(doc as unknown as DynamoDBDocumentClient, "crm", tenantId);
    await repository.update("u1", { role: "rep" }, 3, "2026-01-02T00:00:00.000Z");
    const items = doc.commandCalls(TransactWriteCommand)[0]?.args[0].input.TransactItems ?? [];
    expect(items.length).toBe(2);
    for (const item of items) expect(String(item.Update?.Key?.pk).startsWith(`${tenantId}#`)).toBe(true);
  });
});
