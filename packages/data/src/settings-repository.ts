import {
  type DynamoDBDocumentClient,
  GetCommand,
  TransactWriteCommand,
  UpdateCommand,
} from "@aws-sdk/lib-dynamodb";
import { fail, readSettings, staleVersion, type TenantSettings, type TenantSettingsPatch } from "@crm/domain";
import type { ItemCache } from "./item-cache.js";
import { keys } from "./keys.js";
import { failedConditions, isConditionFailure } from "./transactions.js";

export type VersionedSettings = { settings: TenantSettings; version: number; updatedAt: string };

export class SettingsRepository {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly tenantId: string,
    /** The pooled table, where the tenant's registry record lives. */
    private readonly registryTableName: string,
    /** Where settings are kept a few seconds between requests (store.ts: itemCacheMs). */
    private readonly cache?: ItemCache,
  ) {}

  /**
   * consistent: read after a write of our own, which an eventually consistent
   * read might miss (never from the cache either).
   */
  async get(consistent = false): Promise<VersionedSettings> {
    const key = keys.settings(this.tenantId);
    const read = async (consistentRead: boolean) => {
      const { Item } = await this.doc.send(
        new GetCommand({ TableName: this.tableName, Key: key, ConsistentRead: consistentRead }),
      );
      if (!Item) throw fail("settings-not-found");
      return fromItem(Item);
    };
    // What is kept for seconds is read consistently: an eventually consistent read just after a write could keep the old settings.
    return consistent || !this.cache
      ? read(consistent)
      : this.cache.read(this.tableName, key, () => read(true));
  }

  /**
   * Applies a validated patch made against expectedVersion; a stale one is
   * refused whole. A new time zone is copied to the tenant's registry record in
   * the same transaction: the nightly dispatcher reads it there.
   */
  async update(patch: TenantSettingsPatch, expectedVersion: number, now: string): Promise<VersionedSettings> {
    const names: Record<string, string> = { "#version": "version", "#updatedAt": "updatedAt" };
    const values: Record<string, unknown> = { ":expected": expectedVersion, ":one": 1, ":now": now };
    const sets = ["#version = #version + :one", "#updatedAt = :now"];
    for (const [field, value] of Object.entries(patch)) {
      names[`#${field}`] = field;
      values[`:${field}`] = value;
      sets.push(`#${field} = :${field}`);
    }
    const settingsUpdate = {
      TableName: this.tableName,
      Key: keys.settings(this.tenantId),
      UpdateExpression: `SET ${sets.join(", ")}`,
      ConditionExpression: "attribute_exists(pk) AND #version = :expected",
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
    };
    try {
      if (patch.timeZone === undefined) {
        const { Attributes } = await this.doc.send(
          new UpdateCommand({ ...settingsUpdate, ReturnValues: "ALL_NEW" }),
        );
        return fromItem(Attributes ?? {});
      } else {
        const registryUpdate = {
          TableName: this.registryTableName,
          Key: keys.registry(this.tenantId),
          UpdateExpression: "SET #zone = :zone",
          ConditionExpression: "attribute_exists(pk)",
          ExpressionAttributeNames: { "#zone": "timeZone" },
          ExpressionAttributeValues: { ":zone": patch.timeZone },
        };
        await this.doc.send(
          new TransactWriteCommand({
            TransactItems: [{ Update: settingsUpdate }, { Update: registryUpdate }],
          }),
        );
      }
    } catch (error) {
      if (isConditionFailure(error) || failedConditions(error)?.includes(0))
        throw staleVersion((await this.get(true)).version);
      throw error;
    }
    return this.get(true);
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
