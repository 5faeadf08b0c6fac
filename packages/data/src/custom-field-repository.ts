import { type DynamoDBDocumentClient, GetCommand, PutCommand } from "@aws-sdk/lib-dynamodb";
import {
  type CustomField,
  type CustomFieldPatch,
  fail,
  fieldProblem,
  invalid,
  keptOptionLabels,
  MAX_CUSTOM_FIELDS,
  optionProblems,
  staleVersion,
} from "@crm/domain";
import type { ItemCache } from "./item-cache.js";
import { keys } from "./keys.js";
import { isConditionFailure } from "./transactions.js";

const ATTEMPTS = 5;

/**
 * A tenant's custom field definitions, all in one item: every write of a
 * customer or contact reads them (one GetItem), and there are at most
 * MAX_CUSTOM_FIELDS per entity. Writes are guarded by the item's revision.
 */
export class CustomFieldRepository {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly tenantId: string,
    /** Where the definitions are kept a few seconds between requests (store.ts: itemCacheMs). */
    private readonly cache?: ItemCache,
  ) {}

  /** Every field, removed ones too (their values stay readable). */
  async list(consistent = false): Promise<CustomField[]> {
    return (await this.read(consistent)).fields;
  }

  async add(field: Omit<CustomField, "version" | "removedAt">): Promise<CustomField> {
    const created: CustomField = { ...field, version: 1 };
    await this.change((fields) => {
      if (fields.some((existing) => existing.key === field.key)) {
        throw fail("custom-field-key-exists", { fields: ["key"] });
      }
      if (
        fields.filter((existing) => existing.entity === field.entity && !existing.removedAt).length >=
        MAX_CUSTOM_FIELDS
      ) {
        throw invalid([fieldProblem("entity", "too-many", { maximum: MAX_CUSTOM_FIELDS })]);
      }
      return [...fields, created];
    });
    return created;
  }

  async update(key: string, patch: CustomFieldPatch, expectedVersion: number): Promise<CustomField> {
    let updated: CustomField | undefined;
    await this.change((fields) =>
      fields.map((field) => {
        if (field.key !== key || field.removedAt) return field;
        if (field.version !== expectedVersion) throw staleVersion(field.version);
        const changed = { ...field, ...patch, version: field.version + 1 };
        // New options without new labels: the labels of options no longer there go.
        const next = patch.options && !patch.optionLabels ? keptOptionLabels(changed) : changed;
        const problems = optionProblems(next);
        if (problems.length > 0) throw invalid(problems);
        updated = next;
        return next;
      }),
    );
    if (!updated) throw fail("custom-field-not-found");
    return updated;
  }

  /** Takes a field out of forms and checks; the values stay on the records, shown under the old label. */
  async remove(key: string, now: string): Promise<void> {
    let found = false;
    await this.change((fields) =>
      fields.map((field) => {
        if (field.key !== key || field.removedAt) return field;
        found = true;
        return { ...field, removedAt: now, version: field.version + 1 };
      }),
    );
    if (!found) throw fail("custom-field-not-found");
  }

  private async read(consistent: boolean) {
    const key = keys.customFields(this.tenantId);
    const read = async (consistentRead: boolean) => {
      const { Item } = await this.doc.send(
        new GetCommand({ TableName: this.tableName, Key: key, ConsistentRead: consistentRead }),
      );
      return {
        fields: (Item?.fields as CustomField[] | undefined) ?? [],
        revision: (Item?.revision as number) ?? 0,
      };
    };
    // A change reads consistently, never from the cache: its revision guards the write. What is kept
    // for seconds is read consistently too, so an eventually consistent read cannot keep an old revision.
    return consistent || !this.cache
      ? read(consistent)
      : this.cache.read(this.tableName, key, () => read(true));
  }

  /** Rewrites the definitions, again if someone else wrote them meanwhile. */
  private async change(edit: (fields: CustomField[]) => CustomField[]) {
    for (let attempt = 1; ; attempt++) {
      const { fields, revision } = await this.read(true);
      try {
        await this.doc.send(
          new PutCommand({
            TableName: this.tableName,
            Item: { ...keys.customFields(this.tenantId), fields: edit(fields), revision: revision + 1 },
            ConditionExpression: "attribute_not_exists(pk) OR revision = :revision",
            ExpressionAttributeValues: { ":revision": revision },
          }),
        );
        return;
      } catch (error) {
        if (!isConditionFailure(error) || attempt >= ATTEMPTS) throw error;
      }
    }
  }
}
