import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
} from "@aws-sdk/lib-dynamodb";
import { fail, type ScoringRun } from "@crm/domain";
import { type Capacity, tally } from "./capacity.js";
import { collections, keys } from "./keys.js";
import { latestInPartition, queryAll } from "./paging.js";
import { isConditionFailure } from "./transactions.js";

/** A run's working state beside what the API shows: where its second pass stands. */
export type ScoringCheckpoint = {
  /** DynamoDB's key of the last customer scored; none before the first page. */
  cursor?: Record<string, unknown>;
  /** Pages of the night's segment record written so far. */
  page: number;
  /** The summary gathered so far (ScoringSummaryBuilder's JSON). */
  summary?: unknown;
  /** The segment keys of the run's rules, in order: the night's record stores indexes into it. */
  segments?: string[];
};
export type StoredScoringRun = ScoringRun & { checkpoint: ScoringCheckpoint; version: number };

/** Runs are kept a year and a bit: the night-to-night comparisons read their records. */
const KEEP_DAYS = 400;
const expiresAt = (now: Date) => Math.floor(now.getTime() / 1000) + KEEP_DAYS * 86_400;
const strip = ({ pk: _pk, sk: _sk, expiresAt: _e, ...rest }: Record<string, unknown>) => rest;

/**
 * Scoring runs: the run record (status, progress, checkpoint, models,
 * summary) with a version that every checkpoint advances, so two workers
 * handed the same run (a queue's redelivery) cannot both go on; the night
 * claim that makes the nightly run once per night; the run's distributions;
 * and the nightly compact record of each customer's segment.
 */
export class ScoringRepository {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly tenantId: string,
  ) {}

  async create(run: StoredScoringRun, now: Date): Promise<StoredScoringRun> {
    await this.doc.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { ...keys.scoringRun(this.tenantId, run.id), ...run, expiresAt: expiresAt(now) },
        ConditionExpression: "attribute_not_exists(pk)",
      }),
    );
    return run;
  }

  /** Claims a night for a run; the run id already holding it when another claimed it first. */
  async claimNight(date: string, runId: string, now: Date): Promise<string> {
    try {
      await this.doc.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...keys.scoringNight(this.tenantId, date), runId, expiresAt: expiresAt(now) },
          ConditionExpression: "attribute_not_exists(pk)",
        }),
      );
      return runId;
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
      const { Item } = await this.doc.send(
        new GetCommand({
          TableName: this.tableName,
          Key: keys.scoringNight(this.tenantId, date),
          ConsistentRead: true,
        }),
      );
      return Item?.runId as string;
    }
  }

  async find(runId: string): Promise<StoredScoringRun | undefined> {
    const { Item } = await this.doc.send(
      new GetCommand({
        TableName: this.tableName,
        Key: keys.scoringRun(this.tenantId, runId),
        ConsistentRead: true,
      }),
    );
    return Item ? (strip(Item) as StoredScoringRun) : undefined;
  }

  async get(runId: string): Promise<StoredScoringRun> {
    const run = await this.find(runId);
    if (!run) throw fail("scoring-run-not-found");
    return run;
  }

  /** The newest runs first. */
  async list(options: { cursor?: string; limit: number }) {
    const page = await latestInPartition(this.doc, this.tableName, {
      partition: collections.scoringRuns(this.tenantId),
      ...options,
    });
    return { items: page.items.map((item) => strip(item) as StoredScoringRun), nextCursor: page.nextCursor };
  }

  /** The newest finished run, whose summary the analytics show. */
  async latestDone(): Promise<StoredScoringRun | undefined> {
    let cursor: string | undefined;
    do {
      const page = await this.list({ cursor, limit: 20 });
      const done = page.items.find((run) => run.status === "done");
      if (done) return done;
      cursor = page.nextCursor;
    } while (cursor);
    return undefined;
  }

  /**
   * Saves a run's progress if no one else did since the version it read;
   * false when another worker got there first (this one then stops).
   */
  async checkpoint(
    run: StoredScoringRun,
    changes: Partial<StoredScoringRun>,
    capacity?: Capacity,
  ): Promise<StoredScoringRun | undefined> {
    const next = { ...run, ...changes, version: run.version + 1 };
    const fields: Record<string, unknown> = next;
    const names: Record<string, string> = {};
    const values: Record<string, unknown> = { ":expected": run.version };
    const sets = Object.entries(fields).map(([field, value], i) => {
      names[`#f${i}`] = field;
      values[`:v${i}`] = value;
      return `#f${i} = :v${i}`;
    });
    try {
      const result = await this.doc.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.scoringRun(this.tenantId, run.id),
          UpdateExpression: `SET ${sets.join(", ")}`,
          ConditionExpression: "#version = :expected",
          ExpressionAttributeNames: { ...names, "#version": "version" },
          ExpressionAttributeValues: values,
          ReturnConsumedCapacity: "TOTAL",
        }),
      );
      tally(capacity, "write", result.ConsumedCapacity);
      return next;
    } catch (error) {
      if (isConditionFailure(error)) return undefined;
      throw error;
    }
  }

  async saveDistribution(runId: string, parts: Record<string, unknown>, now: Date, capacity?: Capacity) {
    for (const [name, entries] of Object.entries(parts)) {
      const result = await this.doc.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            ...keys.scoringDistribution(this.tenantId, runId, name),
            entries,
            expiresAt: expiresAt(now),
          },
          ReturnConsumedCapacity: "TOTAL",
        }),
      );
      tally(capacity, "write", result.ConsumedCapacity);
    }
  }

  async loadDistribution(runId: string, capacity?: Capacity): Promise<Record<string, unknown>> {
    const { Items = [], ConsumedCapacity } = await this.doc.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: "pk = :pk AND begins_with(sk, :dist)",
        ExpressionAttributeValues: { ":pk": collections.scoringRun(this.tenantId, runId), ":dist": "DIST#" },
        ConsistentRead: true,
        ReturnConsumedCapacity: "TOTAL",
      }),
    );
    tally(capacity, "read", ConsumedCapacity);
    return Object.fromEntries(Items.map((item) => [String(item.sk).slice("DIST#".length), item.entries]));
  }

  /**
   * One page of the night's record: customer ids and their segments' indexes
   * in the run's list of segment keys, as two compact strings (about 30 bytes
   * a customer).
   */
  async saveSegmentPage(
    date: string,
    page: number,
    record: { runId: string; segments: string[]; ids: string[]; codes: number[] },
    now: Date,
    capacity?: Capacity,
  ) {
    const result = await this.doc.send(
      new PutCommand({
        TableName: this.tableName,
        Item: {
          ...keys.segmentNight(this.tenantId, date, page),
          runId: record.runId,
          segments: record.segments,
          ids: record.ids.join(" "),
          codes: record.codes.map((code) => code.toString(36)).join(""),
          expiresAt: expiresAt(now),
        },
        ReturnConsumedCapacity: "TOTAL",
      }),
    );
    tally(capacity, "write", result.ConsumedCapacity);
  }

  /**
   * A night's record as customer id → segment key, from the run that wrote
   * it last (a night scored twice keeps only the later run's pages).
   */
  async segmentsOn(date: string): Promise<Map<string, string>> {
    const pages = await queryAll(this.doc, {
      TableName: this.tableName,
      KeyConditionExpression: "pk = :pk",
      ExpressionAttributeValues: { ":pk": collections.segmentNight(this.tenantId, date) },
    });
    const latest = pages.reduce<string>(
      (run, page) => ((page.runId as string) > run ? (page.runId as string) : run),
      "",
    );
    const segments = new Map<string, string>();
    for (const page of pages) {
      if (page.runId !== latest) continue;
      const ids = String(page.ids).split(" ");
      const legend = page.segments as string[];
      const codes = String(page.codes);
      ids.forEach((id, i) => {
        const segment = legend[Number.parseInt(codes[i] ?? "", 36)];
        if (id && segment) segments.set(id, segment);
      });
    }
    return segments;
  }

  /** The nights that have a record, newest first (up to a year). */
  async nights(): Promise<string[]> {
    const runs = await queryAll(this.doc, {
      TableName: this.tableName,
      KeyConditionExpression: "pk = :pk",
      ExpressionAttributeValues: { ":pk": collections.scoringRuns(this.tenantId) },
      ProjectionExpression: "#date, #status",
      ExpressionAttributeNames: { "#date": "date", "#status": "status" },
      ScanIndexForward: false,
    });
    return [...new Set(runs.filter((run) => run.status === "done").map((run) => run.date as string))];
  }
}
