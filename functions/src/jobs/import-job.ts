import { createHash } from "node:crypto";
import type { TenantData } from "@crm/data";
import { MAX_STORED_PROBLEMS } from "@crm/data";
import {
  CRM_ID,
  type Customer,
  type CustomField,
  checkCustomFields,
  customerFromRow,
  DomainError,
  fail as domainFail,
  FIELD_PROBLEMS,
  type FieldProblem,
  type FieldProblemCode,
  fieldProblem,
  fieldProblemsOf,
  ImportFileError,
  type ImportJob,
  type ImportRun,
  newCustomerSchema,
  noPurchases,
  normalizePhone,
  occurredAtProblems,
  type RowProblem,
  rowProblem,
  type TenantSettings,
  TransactionRequestSchema,
  transactionFromRow,
} from "@crm/domain";
import type { ZodError } from "zod";
import { csvRecords, uniqueHeaders } from "../files/csv.js";
import { type Clock, clockOf, systemClock } from "./clock.js";
import type { JobContext } from "./job-context.js";
import type { JobMessage } from "./messages.js";

type ImportMessage = Extract<JobMessage, { job: "import" }>;

/** Rows between progress saves (and checkpoints). */
const BATCH = 200;
/** Rows written at once; each is one DynamoDB transaction. */
const PARALLEL = 8;
/** Time kept back in a Lambda to save progress and queue the rest. */
const RESERVE_MS = 60_000;

/** The data rows of an uploaded file as header → cell, numbered as a spreadsheet shows them (the header is row 1). */
export async function* dataRows(tenant: TenantData, job: ImportJob) {
  let headers: string[] | undefined;
  let row = 1;
  for await (const record of csvRecords(tenant.imports.pieces(job.id), job.encoding ?? "utf-8")) {
    if (!headers) {
      headers = uniqueHeaders(record);
      continue;
    }
    row++;
    const cells: Record<string, string> = {};
    headers.forEach((header, index) => {
      cells[header] = record[index] ?? "";
    });
    yield { row, cells };
  }
}

/** A stable id for the customer a row describes: the same row imported again finds itself. */
function rowId(kind: string, body: unknown): string {
  const hex = createHash("sha256")
    .update(`${kind}:${JSON.stringify(body)}`)
    .digest("hex");
  // Shaped as a UUID (version 8: custom), like the ids the API makes.
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

const problemsOf = (error: ZodError, input: unknown) => fieldProblemsOf(error, { input });

type Outcome = "created" | "existing" | "failed";

/** A conflict with no field list (an email of another customer, …) as the row problem of its field. */
function asFieldProblem(error: DomainError): FieldProblem {
  const fields = error.details.fields;
  const path = Array.isArray(fields) && typeof fields[0] === "string" ? fields[0] : "";
  const code = Object.hasOwn(FIELD_PROBLEMS, error.code) ? (error.code as FieldProblemCode) : "invalid";
  return fieldProblem(path, code);
}

/**
 * Runs an import (or its dry run) from its checkpoint: rows go in batches,
 * each row at most once into the CRM (customers by an id taken from the row,
 * or their email or phone; transactions by their external reference or one
 * taken from the row), progress and problems are saved after every batch,
 * and in a Lambda about to time out the rest is queued as a continuation.
 * A row's time is checked against `now` (the job's clock).
 */
export async function runImport(
  tenant: TenantData,
  message: ImportMessage,
  context: JobContext,
  now: Date | Clock = systemClock,
) {
  const job = await tenant.imports.find(message.importId);
  if (!job?.run || job.run.no !== message.run || job.run.status === "done" || job.run.status === "failed") {
    return { skipped: true as const, reason: "no such run pending" };
  }
  const started = new Date().toISOString();
  let run: ImportRun = {
    ...job.run,
    status: "running",
    startedAt: job.run.startedAt ?? started,
    error: undefined,
  };
  const save = (fields: Partial<ImportRun>) => {
    run = { ...run, ...fields, heartbeatAt: new Date().toISOString() };
    return tenant.imports.saveRun(job.id, run);
  };
  try {
    if (run.total === undefined) {
      let total = 0;
      for await (const _row of dataRows(tenant, job)) total++;
      run.total = total;
    }
    await save({});
    const importer = await rowImporter(tenant, job, run, clockOf(now));
    let batch: Row[] = [];
    let replayed: Row[] = [];
    const replay = async () => {
      await importer.importBatch(replayed, []);
      replayed = [];
    };
    // A newer run took over (this one was thought given up): stop quietly.
    let superseded = false;
    const flush = async () => {
      const problems: RowProblem[] = [];
      const outcomes = await importer.importBatch(batch, problems);
      const stored = run.failed;
      if (stored < MAX_STORED_PROBLEMS && problems.length > 0) {
        await tenant.imports.putProblems(job.id, run.no, problems, new Date());
      }
      superseded = !(await save({
        done: run.done + batch.length,
        created: run.created + outcomes.created,
        existing: run.existing + outcomes.existing,
        failed: run.failed + outcomes.failed,
        checkpoint: batch[batch.length - 1]?.row ?? run.checkpoint,
      }));
      batch = [];
    };
    for await (const row of dataRows(tenant, job)) {
      if (row.row <= run.checkpoint) {
        // A dry run resumed: its earlier rows are checked again, uncounted, so it knows what they would add.
        if (run.dryRun) replayed.push(row);
        if (replayed.length >= BATCH) await replay();
        continue;
      }
      if (replayed.length > 0) await replay();
      batch.push(row);
      if (batch.length < BATCH) continue;
      await flush();
      if (superseded) return { superseded: true as const };
      if (context.timeLeft() < RESERVE_MS) {
        await context.enqueue([message]);
        return { continued: true as const, done: run.done };
      }
    }
    if (batch.length > 0) await flush();
    await save({ status: "done", finishedAt: new Date().toISOString() });
    return { done: run.done, created: run.created, existing: run.existing, failed: run.failed };
  } catch (error) {
    if (error instanceof ImportFileError) {
      // The file itself is broken (a quote never closed, a row past the limits): nothing after that point can be
      // trusted, and reading it again meets the same, so the run fails now with the problem, instead of being
      // retried. Rows are counted (and the file read to its end) before any is imported, so it fails having
      // imported nothing.
      await save({
        status: "failed",
        finishedAt: new Date().toISOString(),
        error: error.message,
        fileProblem: error.problem,
      });
      return { failed: true as const, fileProblem: error.problem };
    }
    // Kept for the person watching; the queue tries again from the checkpoint.
    await save({ error: (error as Error).message }).catch(() => undefined);
    throw error;
  }
}

/** What one import needs to turn rows into customers or transactions: the tenant's rules, read once. */
async function rowImporter(tenant: TenantData, job: ImportJob, run: ImportRun, clock: Clock) {
  const [fields, { settings }, users] = await Promise.all([
    tenant.customFields.list(),
    tenant.settings.get(),
    tenant.users.list(),
  ]);
  const actor = { id: job.createdBy, name: job.createdByName };
  const ownerByEmail = new Map(users.filter((user) => user.active).map((user) => [user.email, user.id]));
  const resumed = resumedRows(job.run);
  const importRow =
    job.entity === "customers"
      ? customerRow(tenant, run, { fields, settings, ownerByEmail, actor }, resumed)
      : transactionRow(tenant, run, settings, clock, resumed);
  return {
    async importBatch(rows: Row[], problems: RowProblem[]) {
      const counts = { created: 0, existing: 0, failed: 0 };
      // Rows that share a lane go one after another, in the file's order; others side by side. A customer's
      // rows share one (their aggregates move together), and so do rows with the same id, email, phone or
      // external reference: the first adds it and the next finds it there, in the real run as in the dry run,
      // so both count the same.
      const tails = new Map<string, Promise<void>>();
      let inFlight: Promise<void>[] = [];
      for (const row of rows) {
        const { lanes, work } = importRow(row, problems);
        const next = Promise.all(lanes.map((lane) => tails.get(lane))).then(async () => {
          counts[await work()]++;
        });
        for (const lane of lanes) tails.set(lane, next);
        inFlight.push(next);
        if (inFlight.length >= PARALLEL) {
          await Promise.all(inFlight);
          inFlight = [];
        }
      }
      await Promise.all(inFlight);
      return counts;
    },
  };
}

type Row = { row: number; cells: Record<string, string> };

/**
 * The rows an earlier attempt of this run may have written before it stopped (the database went away
 * mid-batch): at most the batch after the saved checkpoint, each written after that checkpoint's heartbeat.
 * Found again on the resume, such a row counts as created, as it was by this run, not as existing, so the
 * run's counts stay exact. Each customer or reference counts as created once: a later row of the file naming
 * it again is existing, as it would be without the outage.
 */
function resumedRows(stored: ImportRun | undefined) {
  const since = stored?.dryRun ? undefined : stored?.heartbeatAt;
  const upTo = since ? (stored?.checkpoint ?? 0) + BATCH : 0;
  const created = new Set<string>();
  return {
    /** Notes a key this attempt created in those rows. */
    created(row: Row, key: string) {
      if (row.row <= upTo) created.add(key);
    },
    /** Whether a row's record, found already there, was written by an earlier attempt of this run. */
    async writtenBefore(row: Row, key: string, createdAt: () => Promise<string | undefined>) {
      if (!since || row.row <= (stored?.checkpoint ?? 0) || row.row > upTo || created.has(key)) return false;
      const at = await createdAt();
      if (at === undefined || at <= since) return false;
      created.add(key);
      return true;
    },
  };
}
type ResumedRows = ReturnType<typeof resumedRows>;
type RowWork = (row: Row, problems: RowProblem[]) => { lanes: string[]; work: () => Promise<Outcome> };

/** What a new customer holds that no other may: its id, and each email and phone. */
const claimsOf = (customer: Pick<Customer, "id" | "emails" | "phones">) => [
  `id:${customer.id}`,
  ...customer.emails.map((email) => `email:${email}`),
  ...customer.phones.map((phone) => `phone:${phone}`),
];

function customerRow(
  tenant: TenantData,
  run: ImportRun,
  rules: {
    fields: CustomField[];
    settings: TenantSettings;
    ownerByEmail: Map<string, string>;
    actor: { id: string; name: string };
  },
  resumed: ResumedRows,
): RowWork {
  const schema = newCustomerSchema(rules.settings.phoneRegion);
  /** A dry run's memory of what its rows so far would have added, so a later row of the file holding one counts as existing. */
  const added = new Set<string>();
  return (row, problems) => {
    const { body, columns, owner, id } = customerFromRow(row.cells, run.mapping, rules.fields);
    const parsed = schema.safeParse(body);
    const custom = checkCustomFields(
      rules.fields,
      "customer",
      "create",
      body.customFields as Record<string, unknown>,
    );
    const found = [...(parsed.success ? [] : problemsOf(parsed.error, body)), ...custom.problems];
    const ownerId = owner ? rules.ownerByEmail.get(owner) : rules.actor.id;
    if (id !== undefined && !CRM_ID.test(id)) found.push(fieldProblem("id", "id-not-ours"));
    if (!ownerId) found.push(fieldProblem("owner", "owner-unknown"));
    if (found.length > 0 || !parsed.success || !ownerId) {
      for (const problem of found) problems.push(rowProblem(row.row, problem, columns));
      return { lanes: [], work: async () => "failed" };
    }
    const now = new Date().toISOString();
    const { customFields: _raw, ...input } = parsed.data;
    const customer: Customer = {
      ...input,
      ...(custom.values && { customFields: custom.values }),
      ownerId,
      id: id ?? rowId("customer", { ...input, customFields: custom.values }),
      createdAt: now,
      updatedAt: now,
      lastActivityAt: now,
      version: 1,
      purchases: noPurchases(rules.settings.currency),
    };
    const claims = claimsOf(customer);
    return {
      lanes: claims,
      work: async () => {
        if (run.dryRun) {
          // What create would answer: an earlier row of the file added it, or the CRM holds it already.
          if (claims.some((claim) => added.has(claim)) || (await tenant.customers.wouldExist(customer)))
            return "existing";
          for (const claim of claims) added.add(claim);
          return "created";
        }
        try {
          await tenant.customers.create(customer, rules.actor);
          resumed.created(row, customer.id);
          return "created";
        } catch (error) {
          // Imported before, or the same email or phone is someone's already: nothing to add.
          if (error instanceof DomainError && error.kind === "conflict") {
            const mine = () => tenant.customers.find(customer.id).then((found) => found?.createdAt);
            return (await resumed.writtenBefore(row, customer.id, mine)) ? "created" : "existing";
          }
          throw error;
        }
      },
    };
  };
}

function transactionRow(
  tenant: TenantData,
  run: ImportRun,
  settings: TenantSettings,
  clock: Clock,
  resumed: ResumedRows,
): RowWork {
  type Found = { id: string; currency: string } | undefined;
  const customers = new Map<string, Found>();
  const findCustomer = async (by: "id" | "email" | "phone", value: string) => {
    const key = `${by}:${value}`;
    if (!customers.has(key)) {
      if (customers.size > 50_000) customers.clear();
      const found =
        by === "id"
          ? await tenant.customers.find(value).catch(() => undefined)
          : by === "email"
            ? await tenant.customers.findByClaim("emails", value)
            : await (async () => {
                const phone = normalizePhone(value, settings.phoneRegion);
                return phone ? tenant.customers.findByClaim("phones", phone) : undefined;
              })();
      customers.set(key, found && { id: found.id, currency: found.purchases.currency });
    }
    return customers.get(key);
  };
  /** A dry run's memory: each external reference its rows so far would have recorded, and for whom. */
  const recorded = new Map<string, string>();
  return (row, problems) => {
    const parsed = transactionFromRow(row.cells, run.mapping, settings);
    const fail = (found: FieldProblem[]): Outcome => {
      for (const problem of found) problems.push(rowProblem(row.row, problem, parsed.columns));
      return "failed";
    };
    const given = parsed.body.externalRef;
    return {
      lanes: [
        parsed.customer ? `${parsed.customer.by}:${parsed.customer.value}` : `row:${row.row}`,
        ...(typeof given === "string" ? [`ref:${given}`] : []),
      ],
      work: async () => {
        const checked = TransactionRequestSchema.safeParse(parsed.body);
        const found = [
          ...parsed.problems,
          ...(checked.success ? [] : problemsOf(checked.error, parsed.body)),
        ].filter(
          // A missing field is reported once, by the row reader.
          (problem, index, all) => all.findIndex((other) => other.path === problem.path) === index,
        );
        if (parsed.id !== undefined && !CRM_ID.test(parsed.id)) found.push(fieldProblem("id", "id-not-ours"));
        if (checked.success) found.push(...occurredAtProblems(checked.data.occurredAt, clock()));
        const customer = parsed.customer && (await findCustomer(parsed.customer.by, parsed.customer.value));
        if (parsed.customer && !customer)
          found.push(fieldProblem("customer", "customer-reference-unknown", { by: parsed.customer.by }));
        if (found.length > 0 || !checked.success || !customer) return fail(found);
        const customerId = customer.id;
        const externalRef =
          checked.data.externalRef ?? `import:${rowId("transaction", { customerId, ...checked.data })}`;
        const occurredAt = new Date(checked.data.occurredAt).toISOString();
        if (run.dryRun) {
          // What recording would answer, in the order it checks: the customer's currency, then the reference.
          if (customer.currency !== checked.data.currency)
            return fail([fieldProblem("currency", "currency-of-customer", { currency: customer.currency })]);
          const outcome = (holder: string) =>
            holder === customerId
              ? "existing"
              : fail([
                  asFieldProblem(domainFail("external-ref-of-other-customer", { fields: ["externalRef"] })),
                ]);
          const earlier = recorded.get(externalRef);
          if (earlier) return outcome(earlier);
          const stored = await tenant.transactions.outcomeOf({
            customerId,
            occurredAt,
            externalRef,
            ...(parsed.id && { id: parsed.id }),
          });
          if (stored === "other-customer") return outcome("");
          if (stored === "existing") return "existing";
          // Rows of other customers run side by side: one that took this reference meanwhile came first.
          const meanwhile = recorded.get(externalRef);
          if (meanwhile) return outcome(meanwhile);
          recorded.set(externalRef, customerId);
          return "created";
        }
        try {
          const written = await tenant.transactions.record(
            {
              ...checked.data,
              externalRef,
              occurredAt,
              id: parsed.id ?? crypto.randomUUID(),
              customerId,
              createdAt: new Date().toISOString(),
            },
            new Date().toISOString(),
            settings.timeZone,
          );
          const key = `ref:${externalRef}`;
          if (!written.replayed) resumed.created(row, key);
          const recordedAt = async () => written.transaction.createdAt;
          return !written.replayed || (await resumed.writtenBefore(row, key, recordedAt))
            ? "created"
            : "existing";
        } catch (error) {
          if (error instanceof DomainError && (error.kind === "validation" || error.kind === "conflict")) {
            return fail(error.details.errors ?? [asFieldProblem(error)]);
          }
          throw error;
        }
      },
    };
  };
}
