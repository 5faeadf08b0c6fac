import {
  BatchWriteCommand,
  DeleteCommand,
  PutCommand,
  TransactWriteCommand,
  UpdateCommand,
} from "@aws-sdk/lib-dynamodb";

type Key = { pk: string; sk: string };
type Entry = { value: unknown; until: number };

/** Above this many items the cache starts again empty: a bound on memory, never reached by a tenant's few items. */
const MAX_ENTRIES = 50_000;

/**
 * Items that every request reads and few change (a tenant's settings and
 * custom field definitions, the user record a request is made by), kept per
 * process for at most `maxAgeMs`. Another process's write shows after that
 * bound at the latest; a write through this process (CrmStore passes every
 * write of a tenant's client to `written`) drops the items it touches at once,
 * and a read begun before such a write finished is not kept.
 */
export class ItemCache {
  private readonly entries = new Map<string, Entry>();
  /** Reads under way, per item: a write marks them stale, so their (maybe old) value is not kept. */
  private readonly reading = new Map<string, Set<{ stale: boolean }>>();
  /** Writes under way, per item: a read that ends meanwhile is not kept either. */
  private readonly writing = new Map<string, number>();

  constructor(
    readonly maxAgeMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** The item's value as `load` gives it, from memory while fresh (bound 0: always loaded). */
  async read<T>(tableName: string, key: Key, load: () => Promise<T>): Promise<T> {
    if (this.maxAgeMs <= 0) return load();
    const id = itemId(tableName, key);
    const cached = this.entries.get(id);
    if (cached && cached.until > this.now()) return cached.value as T;
    const read = { stale: this.writing.has(id) };
    const reads = this.reading.get(id) ?? new Set();
    reads.add(read);
    this.reading.set(id, reads);
    try {
      const value = await load();
      if (!read.stale && !this.writing.has(id)) {
        if (this.entries.size >= MAX_ENTRIES) this.entries.clear();
        this.entries.set(id, { value, until: this.now() + this.maxAgeMs });
      }
      return value;
    } finally {
      reads.delete(read);
      if (reads.size === 0) this.reading.delete(id);
    }
  }

  /** Runs a write command, dropping the items it touches before and after it. */
  async written<T>(command: unknown, send: () => Promise<T>): Promise<T> {
    const ids = this.maxAgeMs <= 0 ? [] : touchedItems(command);
    const drop = (id: string) => {
      this.entries.delete(id);
      for (const read of this.reading.get(id) ?? []) read.stale = true;
    };
    for (const id of ids) {
      this.writing.set(id, (this.writing.get(id) ?? 0) + 1);
      drop(id);
    }
    try {
      return await send();
    } finally {
      for (const id of ids) {
        const left = (this.writing.get(id) ?? 1) - 1;
        if (left > 0) this.writing.set(id, left);
        else this.writing.delete(id);
        drop(id);
      }
    }
  }
}

const itemId = (tableName: string, key: Key) => `${tableName}\n${key.pk}\n${key.sk}`;

/** The items a write command may change, by table and key. */
function touchedItems(command: unknown): string[] {
  const keyOf = (item: Record<string, unknown> | undefined) =>
    item && typeof item.pk === "string" && typeof item.sk === "string"
      ? { pk: item.pk, sk: item.sk }
      : undefined;
  const ids: string[] = [];
  const add = (tableName: string | undefined, item: Record<string, unknown> | undefined) => {
    const key = keyOf(item);
    if (tableName && key) ids.push(itemId(tableName, key));
  };
  if (command instanceof PutCommand) add(command.input.TableName, command.input.Item);
  else if (command instanceof UpdateCommand || command instanceof DeleteCommand)
    add(command.input.TableName, command.input.Key);
  else if (command instanceof TransactWriteCommand) {
    for (const action of command.input.TransactItems ?? []) {
      if (action.Put) add(action.Put.TableName, action.Put.Item);
      if (action.Update) add(action.Update.TableName, action.Update.Key);
      if (action.Delete) add(action.Delete.TableName, action.Delete.Key);
    }
  } else if (command instanceof BatchWriteCommand) {
    for (const [tableName, requests] of Object.entries(command.input.RequestItems ?? {}))
      for (const request of requests) {
        add(tableName, request.PutRequest?.Item);
        add(tableName, request.DeleteRequest?.Key);
      }
  }
  return ids;
}
