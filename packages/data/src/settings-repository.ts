import { type DynamoDBDocumentClient, GetCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import {
  notFound,
  readSettings,
  staleVersion,
  type TenantSettings,
  type TenantSettingsPatch,
} from "@crm/domain";
import { keys } from "./keys.js";
import { isConditionFailure } from "./transactions.js";

export type VersionedSettings = { settings: TenantSettings; version: number; updatedAt: string };

export class SettingsRepository {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly tenantId: string,
  ) {}

  async get(): Promise<VersionedSettings> {
    const { Item } = await this.doc.send(
      new GetCommand({ TableName: this.tableName, Key: keys.settings(this.tenantId) }),
    );
    if (!Item) throw notFound("The tenant's settings");
    return fromItem(Item);
  }

  /** Applies a validated patch made against expectedVersion; a stale one is refused whole. */
  async update(patch: TenantSettingsPatch, expectedVersion: number, now: string): Promise<VersionedSettings> {
    const names: Record<string, string> = { "#version": "version", "#updatedAt": "updatedAt" };
    const values: Record<string, unknown> = { ":expected": expectedVersion, ":one": 1, ":now": now };
    const sets = ["#version = #version + :one", "#updatedAt = :now"];
    for (const [field, value] of Object.entries(patch)) {
      names[`#${field}`] = field;
      values[`:${field}`] = value;
      sets.push(`#${field} = :${field}`);
    }
    try {
      const { Attributes } = await this.doc.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.settings(this.tenantId),
          UpdateExpression: `SET ${sets.join(", ")}`,
          ConditionExpression: "attribute_exists(pk) AND #version = :expected",
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
          ReturnValues: "ALL_NEW",
        }),
      );
      return fromItem(Attributes ?? {});
    } catch (error) {
      if (isConditionFailure(error)) throw staleVersion((await this.get()).version);
      throw error;
    }
  }
}

function fromItem(item: Record<string, unknown>): VersionedSettings {
  const { pk: _pk, sk: _sk, version, updatedAt, ...stored } = item;
  return {
    settings: readSettings(stored as TenantSettings),
    version: version as number,
    updatedAt: updatedAt as string,
  };
}

export function settingsItem(tenantId: string, settings: TenantSettings, now: string) {
  return { ...keys.settings(tenantId), ...settings, version: 1, updatedAt: now };
}
