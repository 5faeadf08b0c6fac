import { DomainError, fieldProblem } from "@crm/domain";

/**
 * Opaque page cursors. A cursor is DynamoDB's LastEvaluatedKey, encoded; on
 * the way back it must name exactly the key attributes of the query it came
 * from and the same partition, which starts with the caller's tenant id. So a
 * cursor from another tenant, another query, or made up answers 400; one
 * edited within the caller's own partition can only move where their own
 * list starts.
 */
export function encodeCursor(key: Record<string, unknown> | undefined): string | undefined {
  return key ? Buffer.from(JSON.stringify(key)).toString("base64url") : undefined;
}

const badCursor = () =>
  new DomainError("cursor-invalid", { errors: [fieldProblem("cursor", "cursor-foreign")] });

export function decodeCursor(
  cursor: string | undefined,
  expected: { attributes: readonly string[]; partition: { name: string; value: string } },
): Record<string, string> | undefined {
  if (cursor === undefined) return undefined;
  let key: unknown;
  try {
    key = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
  } catch {
    throw badCursor();
  }
  if (typeof key !== "object" || key === null || Array.isArray(key)) throw badCursor();
  const entries = Object.entries(key);
  const names = entries.map(([name]) => name).sort();
  if (names.join() !== [...expected.attributes].sort().join()) throw badCursor();
  if (entries.some(([, value]) => typeof value !== "string" || value.length > 2048)) throw badCursor();
  const record = key as Record<string, string>;
  const tenantPrefix = `${expected.partition.value.split("#")[0]}#`;
  if (record[expected.partition.name] !== expected.partition.value || !record.pk?.startsWith(tenantPrefix)) {
    throw badCursor();
  }
  return record;
}
