import { createHash } from "node:crypto";
import { ConditionalCheckFailedException, type DynamoDBClient } from "@aws-sdk/client-dynamodb";
import {
  DynamoDBDocumentClient,
  GetCommand,
  NumberValue,
  ScanCommand,
  UpdateCommand,
} from "@aws-sdk/lib-dynamodb";
import type { Plan } from "@crm/domain";
import { type BatchOptions, deleteAll, writeAll } from "./batch.js";
import { createDynamoClient, type DynamoConnection } from "./client.js";
import { keys } from "./keys.js";
import { REGISTRY_CACHE_MS, type StoreConfig } from "./store.js";
import { TABLE_DESIGN, tenantTableName } from "./table.js";
import { type EnsureTableOptions, ensureTable } from "./tables.js";

/**
 * Where a move stands. It is kept on the tenant's registry record (attribute
 * `move`, in the pooled table), so the API sees it with the table it reads:
 *
 * - clearing: a verification failed; the target's copy is being removed, to copy again.
 * - copying: the tenant is read-only (CrmStore reads it so until `switched`); items are copied page by page (cursor).
 * - copied: every item is in the target; next, verify and switch.
 * - switched: the registry names the target, writes are allowed again;
 *   the old items are removed page by page (cursor), then `move` is removed.
 */
export type MovePhase = "clearing" | "copying" | "copied" | "switched";

export type ItemsSummary = {
  items: number;
  /** Sum (mod 2^256) of the SHA-256 of each item's canonical form: the same items in any order give the same sum. */
  checksum: string;
};

export type MoveState = {
  to: Plan;
  fromTable: string;
  toTable: string;
  phase: MovePhase;
  /** When the tenant became read-only, epoch ms. */
  frozenAt: number;
  /** When the registry switched tables, epoch ms. */
  switchedAt?: number;
  /** Where the current step's Scan goes on: its last evaluated key. */
  cursor?: Record<string, unknown>;
  cleared: number;
  copied: number;
  removed: number;
  verified?: ItemsSummary;
  /** Raised by every change: of two runs at once, only one goes on. */
  seq: number;
};

/**
 * How long a move waits after making the tenant read-only and after switching
 * tables: longer than any process keeps a registry record (registryCacheMs),
 * plus 30 s for a write that had passed its check just before (every write
 * checks the registry first, CrmStore.guardWrites; API requests end within
 * their 10 s timeout).
 */
export const settleMsFor = (registryCacheMs = REGISTRY_CACHE_MS) => registryCacheMs + 30_000;

export type MoveProgress = { step: "clear" | "copy" | "verify" | "clean"; items: number };

export type MoveOptions = {
  /** See settleMsFor. Tests whose API keeps no registry cache pass 0. */
  settleMs: number;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
  /** Items a Scan page reads (before filtering); unset: DynamoDB's 1 MB pages. */
  pageSize?: number;
  log?: (line: string) => void;
  /**
   * Called after each page is written and before its checkpoint is saved,
   * and before verifying: tests throw here to interrupt a move at its worst moment.
   */
  onProgress?: (progress: MoveProgress) => void | Promise<void>;
  ensureTable?: EnsureTableOptions;
  batch?: BatchOptions;
};

export type MoveReport = {
  tenantId: string;
  to: Plan;
  /** Nothing was done: the tenant was on that plan already. */
  unchanged: boolean;
  fromTable: string;
  toTable: string;
  copied: number;
  removed: number;
  verified?: ItemsSummary;
};

export class TenantMoveError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "TenantMoveError";
  }
}

/** Source and target differ after the copy: the move has gone back to copy again (clearing the target first). */
export class MoveVerificationFailed extends TenantMoveError {
  constructor(
    readonly source: ItemsSummary,
    readonly target: ItemsSummary,
  ) {
    super(
      `The copy does not match its source (source: ${source.items} items, checksum ${source.checksum.slice(0, 16)}…; target: ${target.items} items, checksum ${target.checksum.slice(0, 16)}…). The tenant stays read-only; run the command again to copy anew.`,
    );
    this.name = "MoveVerificationFailed";
  }
}

const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Moves a tenant's items between the pooled table and a table of its own, an
 * operator's action with the operator's credentials (the SDK's default chain
 * in AWS; `connection` names the region or DynamoDB Local). Each phase
 * can run again, and the command continues a move it finds under way:
 *
 * 1. (to dedicated) create the tenant's table, with deletion protection and
 *    point-in-time recovery (ensureTable);
 * 2. mark the tenant read-only on its registry record and wait settleMs, so
 *    that every process has seen it: the API answers writes with 503, reads work;
 * 3. copy every item whose pk starts with "<tenantId>#" (but the registry
 *    record, which stays in the pooled table), page by page, saving the Scan's
 *    position after each page; a page copied twice is written twice, alike;
 * 4. compare the count and checksum of the tenant's items on both sides;
 * 5. switch the registry to the target (which lets writes in again there)
 *    and wait settleMs, so that no process still reads the old items;
 * 6. remove the old items page by page, then the move record.
 *
 * Items are found by a Scan filtered on begins_with(pk): partitions cannot
 * be listed otherwise (a merged-away customer's is in no index), and an item
 * kind added later is moved without anyone having to remember this code.
 */
export async function moveTenant(
  connection: DynamoConnection,
  config: Pick<StoreConfig, "pooledTableName" | "tenantTablePrefix">,
  tenantId: string,
  to: Plan,
  options: MoveOptions,
): Promise<MoveReport> {
  // A client of its own: a document client's settings (here, exact numbers) are kept on the client it wraps.
  const client = createDynamoClient(connection);
  try {
    return await new TenantMove(client, config, tenantId, to, options).run();
  } finally {
    client.destroy();
  }
}

const numberOf = (value: unknown) => (value === undefined ? undefined : Number(String(value)));

/** The move record as read (numbers come as NumberValue: see TenantMove.doc). */
function moveFrom(stored: Record<string, unknown> | undefined): MoveState | undefined {
  if (!stored) return undefined;
  const verified = stored.verified as { items: unknown; checksum: string } | undefined;
  return {
    ...(stored as MoveState),
    frozenAt: numberOf(stored.frozenAt) ?? 0,
    switchedAt: numberOf(stored.switchedAt),
    cleared: numberOf(stored.cleared) ?? 0,
    copied: numberOf(stored.copied) ?? 0,
    removed: numberOf(stored.removed) ?? 0,
    seq: numberOf(stored.seq) ?? 0,
    verified: verified && { items: numberOf(verified.items) ?? 0, checksum: verified.checksum },
  };
}

class TenantMove {
  /**
   * Numbers read stay the exact strings DynamoDB holds (NumberValue), so an
   * item is copied, and its checksum taken, without rounding.
   */
  private readonly doc: DynamoDBDocumentClient;
  private readonly now: () => number;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly log: (line: string) => void;
  private readonly registryKey: { pk: string; sk: string };

  constructor(
    private readonly client: DynamoDBClient,
    private readonly config: Pick<StoreConfig, "pooledTableName" | "tenantTablePrefix">,
    private readonly tenantId: string,
    private readonly to: Plan,
    private readonly options: MoveOptions,
  ) {
    this.doc = DynamoDBDocumentClient.from(client, {
      marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
      unmarshallOptions: { wrapNumbers: true },
    });
    this.now = options.now ?? Date.now;
    this.sleep = options.sleep ?? pause;
    this.log = options.log ?? (() => undefined);
    this.registryKey = keys.registry(tenantId);
  }

  async run(): Promise<MoveReport> {
    const registry = await this.readRegistry();
    let move = registry.move;
    if (!move) {
      const toTable =
        this.to === "dedicated"
          ? tenantTableName(this.config.tenantTablePrefix, this.tenantId)
          : this.config.pooledTableName;
      if (registry.plan === this.to && registry.tableName === toTable) {
        this.log(`${this.tenantId} is ${this.to} already (${toTable}): nothing to do.`);
        return {
          tenantId: this.tenantId,
          to: this.to,
          unchanged: true,
          fromTable: toTable,
          toTable,
          copied: 0,
          removed: 0,
        };
      }
      if (this.to === "dedicated") {
        // Before the freeze: creating a table takes a while, and the tenant can still write meanwhile.
        this.log(`Creating ${toTable} (deletion protection, point-in-time recovery) ...`);
        await ensureTable(this.client, toTable, TABLE_DESIGN, this.options.ensureTable);
      }
      move = await this.start(registry.tableName, toTable);
      this.log(`${this.tenantId} is read-only from now on: the API answers writes with 503.`);
    } else if (move.to !== this.to) {
      throw new TenantMoveError(
        `A move of ${this.tenantId} to ${move.to} is under way (${move.phase}); finish it first: tenant:move ${this.tenantId} --to ${move.to}.`,
      );
    } else {
      this.log(`Continuing the move of ${this.tenantId} to ${move.to} (${move.phase}).`);
    }

    for (;;) {
      switch (move.phase) {
        case "clearing":
          await this.waitUntil(move.frozenAt + this.options.settleMs, "every process has seen the freeze");
          move = await this.clearTarget(move);
          break;
        case "copying":
          await this.waitUntil(move.frozenAt + this.options.settleMs, "every process has seen the freeze");
          move = await this.copy(move);
          break;
        case "copied":
          move = await this.verifyAndSwitch(move);
          break;
        case "switched": {
          await this.waitUntil(
            (move.switchedAt ?? 0) + this.options.settleMs,
            "no process reads the old table any more",
          );
          move = await this.clean(move);
          await this.finish(move);
          this.log(`Done: ${this.tenantId} is ${move.to} (${move.toTable}).`);
          return {
            tenantId: this.tenantId,
            to: move.to,
            unchanged: false,
            fromTable: move.fromTable,
            toTable: move.toTable,
            copied: move.copied,
            removed: move.removed,
            verified: move.verified,
          };
        }
      }
    }
  }

  private async readRegistry() {
    const { Item } = await this.doc.send(
      new GetCommand({ TableName: this.config.pooledTableName, Key: this.registryKey, ConsistentRead: true }),
    );
    if (!Item) throw new TenantMoveError(`There is no tenant ${this.tenantId}.`);
    return {
      plan: Item.plan as Plan,
      tableName: Item.tableName as string,
      move: moveFrom(Item.move as Record<string, unknown> | undefined),
    };
  }

  private async start(fromTable: string, toTable: string): Promise<MoveState> {
    const move: MoveState = {
      to: this.to,
      fromTable,
      toTable,
      phase: "copying",
      frozenAt: this.now(),
      cleared: 0,
      copied: 0,
      removed: 0,
      seq: 1,
    };
    try {
      await this.doc.send(
        new UpdateCommand({
          TableName: this.config.pooledTableName,
          Key: this.registryKey,
          UpdateExpression: "SET #move = :move",
          ConditionExpression: "attribute_not_exists(#move) AND #table = :from",
          ExpressionAttributeNames: { "#move": "move", "#table": "tableName" },
          ExpressionAttributeValues: { ":move": move, ":from": fromTable },
        }),
      );
    } catch (error) {
      throw this.conflictOr(error);
    }
    return move;
  }

  /** Saves the move's next state, if no other run changed it since; at the switch, the registry's table too. */
  private async save(move: MoveState, switchTo?: { plan: Plan; tableName: string }): Promise<MoveState> {
    const next = { ...move, seq: move.seq + 1 };
    const sets = ["#move = :move", ...(switchTo ? ["#plan = :plan", "#table = :table"] : [])];
    try {
      await this.doc.send(
        new UpdateCommand({
          TableName: this.config.pooledTableName,
          Key: this.registryKey,
          UpdateExpression: `SET ${sets.join(", ")}`,
          ConditionExpression: "#move.#seq = :seq",
          ExpressionAttributeNames: {
            "#move": "move",
            "#seq": "seq",
            ...(switchTo && { "#plan": "plan", "#table": "tableName" }),
          },
          ExpressionAttributeValues: {
            ":move": next,
            ":seq": move.seq,
            ...(switchTo && { ":plan": switchTo.plan, ":table": switchTo.tableName }),
          },
        }),
      );
    } catch (error) {
      throw this.conflictOr(error);
    }
    return next;
  }

  private async finish(move: MoveState) {
    try {
      await this.doc.send(
        new UpdateCommand({
          TableName: this.config.pooledTableName,
          Key: this.registryKey,
          UpdateExpression: "REMOVE #move",
          ConditionExpression: "#move.#seq = :seq",
          ExpressionAttributeNames: { "#move": "move", "#seq": "seq" },
          ExpressionAttributeValues: { ":seq": move.seq },
        }),
      );
    } catch (error) {
      throw this.conflictOr(error);
    }
  }

  private conflictOr(error: unknown) {
    if (!(error instanceof ConditionalCheckFailedException)) return error;
    return new TenantMoveError(
      `Another run changed the move of ${this.tenantId} meanwhile. Run the command again: it continues from where the move is now.`,
    );
  }

  private async waitUntil(at: number, why: string) {
    const left = at - this.now();
    if (left <= 0) return;
    this.log(`Waiting ${Math.ceil(left / 1000)} s, until ${why} ...`);
    await this.sleep(left);
  }

  /** A verification failed: the target's copy goes, to be made again from the source. */
  private async clearTarget(start: MoveState): Promise<MoveState> {
    let move = start;
    this.log(`Removing ${this.tenantId}'s items from ${move.toTable} before copying again ...`);
    do {
      const page = await this.page(move.toTable, move.cursor);
      await deleteAll(this.doc, move.toTable, page.items, this.options.batch);
      const cleared = move.cleared + page.items.length;
      await this.options.onProgress?.({ step: "clear", items: cleared });
      move = await this.save(
        page.next
          ? { ...move, cursor: page.next, cleared }
          : { ...move, cursor: undefined, cleared, copied: 0, phase: "copying" },
      );
    } while (move.phase === "clearing");
    return move;
  }

  private async copy(start: MoveState): Promise<MoveState> {
    let move = start;
    this.log(`Copying ${this.tenantId}'s items from ${move.fromTable} to ${move.toTable} ...`);
    do {
      const page = await this.page(move.fromTable, move.cursor);
      await writeAll(
        this.doc,
        move.toTable,
        page.items.map((item) => ({ PutRequest: { Item: item } })),
        this.options.batch,
      );
      const copied = move.copied + page.items.length;
      await this.options.onProgress?.({ step: "copy", items: copied });
      move = await this.save(
        page.next
          ? { ...move, cursor: page.next, copied }
          : { ...move, cursor: undefined, copied, phase: "copied" },
      );
    } while (move.phase === "copying");
    this.log(`Copied ${move.copied} items.`);
    return move;
  }

  private async verifyAndSwitch(move: MoveState): Promise<MoveState> {
    await this.options.onProgress?.({ step: "verify", items: move.copied });
    // Items DynamoDB's TTL may delete while we look (their time is past or near) cannot be compared.
    const comparableFrom = Math.floor(this.now() / 1000) + 60 * 60;
    const [source, target] = await Promise.all([
      this.summarize(move.fromTable, comparableFrom),
      this.summarize(move.toTable, comparableFrom),
    ]);
    if (source.items !== target.items || source.checksum !== target.checksum) {
      await this.save({ ...move, phase: "clearing", cursor: undefined, cleared: 0 });
      throw new MoveVerificationFailed(source, target);
    }
    this.log(`Verified: ${source.items} items, checksum ${source.checksum.slice(0, 16)}… on both sides.`);
    const switched = await this.save(
      { ...move, phase: "switched", switchedAt: this.now(), cursor: undefined, verified: source },
      { plan: move.to, tableName: move.toTable },
    );
    this.log(`The registry names ${move.toTable} now: ${this.tenantId} can write again.`);
    return switched;
  }

  private async clean(start: MoveState): Promise<MoveState> {
    let move = start;
    this.log(`Removing ${this.tenantId}'s old items from ${move.fromTable} ...`);
    for (;;) {
      const page = await this.page(move.fromTable, move.cursor);
      await deleteAll(this.doc, move.fromTable, page.items, this.options.batch);
      const removed = move.removed + page.items.length;
      await this.options.onProgress?.({ step: "clean", items: removed });
      move = await this.save({ ...move, cursor: page.next, removed });
      if (!page.next) break;
    }
    this.log(`Removed ${move.removed} items.`);
    return move;
  }

  /** One Scan page of the tenant's items in a table, without the registry record (it never moves). */
  private async page(tableName: string, cursor: Record<string, unknown> | undefined) {
    const { Items, LastEvaluatedKey } = await this.doc.send(
      new ScanCommand({
        TableName: tableName,
        FilterExpression: "begins_with(#pk, :prefix)",
        ExpressionAttributeNames: { "#pk": TABLE_DESIGN.partitionKey },
        ExpressionAttributeValues: { ":prefix": `${this.tenantId}#` },
        ExclusiveStartKey: cursor,
        Limit: this.options.pageSize,
        ConsistentRead: true,
      }),
    );
    const items = (Items ?? []).filter(
      (item) => !(item.pk === this.registryKey.pk && item.sk === this.registryKey.sk),
    );
    return { items, next: LastEvaluatedKey };
  }

  private async summarize(tableName: string, comparableFrom: number): Promise<ItemsSummary> {
    let items = 0;
    let sum = 0n;
    let cursor: Record<string, unknown> | undefined;
    do {
      const page = await this.page(tableName, cursor);
      for (const item of page.items) {
        const expiresAt = item[TABLE_DESIGN.timeToLiveAttribute];
        if (expiresAt !== undefined && Number(String(expiresAt)) < comparableFrom) continue;
        items += 1;
        sum = (sum + BigInt(`0x${createHash("sha256").update(canonical(item)).digest("hex")}`)) % 2n ** 256n;
      }
      cursor = page.next;
    } while (cursor);
    return { items, checksum: sum.toString(16).padStart(64, "0") };
  }
}

/** One string per value, whatever order DynamoDB lists a map's keys or a set's members in. */
export function canonical(value: unknown): string {
  if (value === null) return "NULL";
  if (typeof value === "string") return `S${JSON.stringify(value)}`;
  if (typeof value === "boolean") return `BOOL${value}`;
  if (typeof value === "number") return `N${value}`;
  if (value instanceof NumberValue) return `N${value.toString()}`;
  if (value instanceof Uint8Array) return `B${Buffer.from(value).toString("base64")}`;
  if (Array.isArray(value)) return `L[${value.map(canonical).join(",")}]`;
  if (value instanceof Set) return `SET[${[...value].map(canonical).sort().join(",")}]`;
  if (typeof value === "object") {
    const map = value as Record<string, unknown>;
    const entries = Object.keys(map)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${canonical(map[key])}`);
    return `M{${entries.join(",")}}`;
  }
  throw new TenantMoveError(`An attribute of an unexpected kind: ${typeof value}.`);
}
