import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
} from "@aws-sdk/lib-dynamodb";
import { type FieldProblemCode, fail, type RowProblem } from "@crm/domain";
import { deleteAll, getAll, writeAll } from "./batch.js";
import { decodeCursor, encodeCursor } from "./cursor.js";
import { collections, type FileJobKind, keys } from "./keys.js";
import { queryAll } from "./paging.js";
import { isConditionFailure } from "./transactions.js";

/** DynamoDB items hold 400 KB; a stored piece of a file stays well under. */
export const FILE_CHUNK_BYTES = 350 * 1024;
/** Files and row reports go a week after the job was made; the job record too. */
const KEEP_DAYS = 7;
/** Row problems stored per run; the count goes on past it. */
export const MAX_STORED_PROBLEMS = 10_000;

/** A job's run, for jobs that run (imports): numbered, with a status and a heartbeat. */
type RunOf<Job> = Job extends { run?: infer Run } ? Run & { no: number } : never;

/** A time-ordered id: the newest job lists first. */
export function newJobId(now: Date): string {
  return `${now.getTime().toString(36).padStart(9, "0")}${crypto.randomUUID().replaceAll("-", "").slice(0, 12)}`;
}

/**
 * Imports and exports: a job record (settings, status, progress) and the file
 * it carries, kept as ordered pieces in the job's own partition, all expiring
 * after KEEP_DAYS. A file never passes through memory whole: pieces are read
 * one page at a time.
 */
export class FileJobRepository<Job extends { id: string }> {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly tenantId: string,
    private readonly kind: FileJobKind,
  ) {}

  expiresAt(now: Date) {
    return Math.floor(now.getTime() / 1000) + KEEP_DAYS * 86_400;
  }

  async create(job: Job, now: Date): Promise<Job> {
    await this.doc.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { ...keys.fileJob(this.tenantId, this.kind, job.id), ...job, expiresAt: this.expiresAt(now) },
        ConditionExpression: "attribute_not_exists(pk)",
      }),
    );
    return job;
  }

  async find(jobId: string, consistent = true): Promise<Job | undefined> {
    const { Item } = await this.doc.send(
      new GetCommand({
        TableName: this.tableName,
        Key: keys.fileJob(this.tenantId, this.kind, jobId),
        ConsistentRead: consistent,
      }),
    );
    return Item ? toJob<Job>(Item) : undefined;
  }

  async get(jobId: string, consistent = true): Promise<Job> {
    const job = await this.find(jobId, consistent);
    if (!job) throw fail(this.kind === "IMPORT" ? "import-not-found" : "export-not-found");
    return job;
  }

  /** The newest jobs first. */
  async list(options: { cursor?: string; limit: number }): Promise<{ items: Job[]; nextCursor?: string }> {
    const partition = collections.fileJobs(this.tenantId, this.kind);
    const page = await this.doc.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: "pk = :pk",
        ExpressionAttributeValues: { ":pk": partition },
        ScanIndexForward: false,
        ExclusiveStartKey: decodeCursor(options.cursor, {
          attributes: ["pk", "sk"],
          partition: { name: "pk", value: partition },
        }),
        Limit: options.limit,
      }),
    );
    return {
      items: (page.Items ?? []).map((item) => toJob<Job>(item)),
      nextCursor: encodeCursor(page.LastEvaluatedKey),
    };
  }

  /** Sets fields of a job that exists. */
  async set(jobId: string, fields: Partial<Job>): Promise<void> {
    await this.update(jobId, fields);
  }

  /**
   * Starts a new run of the job: stored only while no other run is queued
   * or running, or the one that is gave no sign of life since `staleBefore`
   * (it died), so two people pressing the button at once start one run.
   * False when another run holds the job.
   */
  startRun(jobId: string, run: RunOf<Job>, staleBefore: string): Promise<boolean> {
    return this.update(jobId, { run } as unknown as Partial<Job>, {
      expression:
        "attribute_not_exists(#run) OR NOT (#run.#status IN (:queued, :running)) OR #run.#heartbeat < :stale",
      names: { "#run": "run", "#status": "status", "#heartbeat": "heartbeatAt" },
      values: { ":queued": "queued", ":running": "running", ":stale": staleBefore },
    });
  }

  /**
   * Saves a run's progress while it is still the job's run (its number):
   * false once a newer run replaced it, which the old one must then leave.
   */
  saveRun(jobId: string, run: RunOf<Job>): Promise<boolean> {
    return this.update(jobId, { run } as unknown as Partial<Job>, {
      expression: "#run.#no = :no",
      names: { "#run": "run", "#no": "no" },
      values: { ":no": run.no },
    });
  }

  /** Sets fields of a job, only while a condition on its stored fields holds; false when it did not. */
  private async update(
    jobId: string,
    fields: Partial<Job>,
    condition?: { expression: string; names?: Record<string, string>; values?: Record<string, unknown> },
  ): Promise<boolean> {
    const entries = Object.entries(fields).filter(([, value]) => value !== undefined);
    if (entries.length === 0) return true;
    const names: Record<string, string> = { ...condition?.names };
    const values: Record<string, unknown> = { ...condition?.values };
    const sets = entries.map(([field, value], index) => {
      names[`#f${index}`] = field;
      values[`:f${index}`] = value;
      return `#f${index} = :f${index}`;
    });
    try {
      await this.doc.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.fileJob(this.tenantId, this.kind, jobId),
          UpdateExpression: `SET ${sets.join(", ")}`,
          ConditionExpression: condition
            ? `attribute_exists(pk) AND (${condition.expression})`
            : "attribute_exists(pk)",
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  /** Stores one part of the file (as sent, or as written), in pieces; sending a part again replaces it. */
  async putPart(jobId: string, part: number, bytes: Uint8Array, now: Date): Promise<void> {
    const expiresAt = this.expiresAt(now);
    const chunks: Uint8Array[] = [];
    for (let start = 0; start < bytes.length; start += FILE_CHUNK_BYTES) {
      chunks.push(bytes.subarray(start, start + FILE_CHUNK_BYTES));
    }
    if (chunks.length === 0) chunks.push(new Uint8Array());
    // Pieces of a longer earlier upload of the same part go first.
    const previous = await queryAll(this.doc, {
      TableName: this.tableName,
      KeyConditionExpression: "pk = :pk AND begins_with(sk, :part)",
      ExpressionAttributeValues: {
        ":pk": collections.fileJob(this.tenantId, this.kind, jobId),
        ":part": `PART#${String(part).padStart(5, "0")}#`,
      },
      ProjectionExpression: "pk, sk",
    });
    await deleteAll(this.doc, this.tableName, previous.slice(chunks.length));
    for (const [chunk, data] of chunks.entries()) {
      await this.doc.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...keys.filePart(this.tenantId, this.kind, jobId, part, chunk), data, expiresAt },
        }),
      );
    }
  }

  /**
   * The parts from 1 to `highest` with nothing stored (an upload that failed,
   * or was never sent): a part's first piece is there once it is. One batch
   * read of keys only, as there are at most 100 parts.
   */
  async missingParts(jobId: string, counted: number): Promise<number[]> {
    // Two parts uploaded at once may each save their own count, so the count can be
    // short of the highest part stored: the highest stored part bounds the check too.
    const highest = Math.max(counted, await this.highestStoredPart(jobId));
    const wanted = Array.from({ length: highest }, (_, index) => index + 1);
    const first = (part: number) => keys.filePart(this.tenantId, this.kind, jobId, part, 0);
    const stored = await getAll(this.doc, this.tableName, wanted.map(first), {
      consistent: true,
      projection: "pk, sk",
    });
    const present = new Set(stored.map((item) => item.sk));
    return wanted.filter((part) => !present.has(first(part).sk));
  }

  /** The number of the highest part stored: one keys-only read of the last piece. */
  private async highestStoredPart(jobId: string): Promise<number> {
    const { Items } = await this.doc.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: "pk = :pk AND begins_with(sk, :part)",
        ExpressionAttributeValues: {
          ":pk": collections.fileJob(this.tenantId, this.kind, jobId),
          ":part": "PART#",
        },
        ProjectionExpression: "sk",
        ScanIndexForward: false,
        Limit: 1,
        ConsistentRead: true,
      }),
    );
    const match = /^PART#(\d+)#/.exec(String(Items?.[0]?.sk ?? ""));
    return match ? Number(match[1]) : 0;
  }

  /** The file's bytes, piece after piece, in order; only parts from..to (1-based, inclusive) when given. */
  async *pieces(jobId: string, parts?: { from: number; to: number }): AsyncGenerator<Uint8Array> {
    const pk = collections.fileJob(this.tenantId, this.kind, jobId);
    let cursor: Record<string, unknown> | undefined;
    do {
      const page = await this.doc.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: parts
            ? "pk = :pk AND sk BETWEEN :from AND :to"
            : "pk = :pk AND begins_with(sk, :part)",
          ExpressionAttributeValues: {
            ":pk": pk,
            ...(parts
              ? {
                  ":from": `PART#${String(parts.from).padStart(5, "0")}#`,
                  ":to": `PART#${String(parts.to).padStart(5, "0")}#~`,
                }
              : { ":part": "PART#" }),
          },
          ConsistentRead: true,
          ExclusiveStartKey: cursor,
        }),
      );
      for (const item of page.Items ?? []) yield item.data as Uint8Array;
      cursor = page.LastEvaluatedKey;
    } while (cursor);
  }

  /** The first bytes of the file, for a first look (encoding, header row). */
  async firstPiece(jobId: string): Promise<Uint8Array | undefined> {
    for await (const piece of this.pieces(jobId)) return piece;
    return undefined;
  }

  /** Saves a run's row problems. */
  async putProblems(jobId: string, run: number, problems: RowProblem[], now: Date): Promise<void> {
    const expiresAt = this.expiresAt(now);
    const counts = new Map<number, number>();
    const items = problems.map((problem) => {
      const seq = counts.get(problem.row) ?? 0;
      counts.set(problem.row, seq + 1);
      return { ...keys.importProblem(this.tenantId, jobId, run, problem.row, seq), ...problem, expiresAt };
    });
    await writeAll(
      this.doc,
      this.tableName,
      items.map((Item) => ({ PutRequest: { Item } })),
    );
  }

  /** A run's row problems, by row. */
  async problems(jobId: string, run: number, options: { cursor?: string; limit: number }) {
    const pk = collections.fileJob(this.tenantId, this.kind, jobId);
    const page = await this.doc.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: "pk = :pk AND begins_with(sk, :run)",
        ExpressionAttributeValues: { ":pk": pk, ":run": `PROBLEM#${String(run).padStart(3, "0")}#` },
        ExclusiveStartKey: decodeCursor(options.cursor, {
          attributes: ["pk", "sk"],
          partition: { name: "pk", value: pk },
        }),
        Limit: options.limit,
      }),
    );
    const items = (page.Items ?? []).map(
      (item): RowProblem => ({
        row: item.row as number,
        column: item.column as string,
        ...(item.field !== undefined && { field: item.field as string }),
        code: (item.code as FieldProblemCode | undefined) ?? "invalid",
        message: item.message as string,
        ...(item.params !== undefined && { params: item.params as Record<string, string | number> }),
      }),
    );
    return { items, nextCursor: encodeCursor(page.LastEvaluatedKey) };
  }
}

function toJob<Job>(item: Record<string, unknown>): Job {
  const { pk: _pk, sk: _sk, expiresAt: _e, ...job } = item;
  return job as Job;
}
