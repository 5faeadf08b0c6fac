import { z } from "zod";
import { CHURN_RISKS, LIFECYCLE_STAGES } from "../constants.js";
import { SegmentKeySchema } from "../scoring/scoring-settings.js";
import { ImportFileProblemSchema } from "./file-problems.js";
import { IMPORT_ENTITIES, ImportMappingSchema } from "./mapping.js";

export const RUN_STATUSES = ["queued", "running", "done", "failed"] as const;

/** One pass over an uploaded file: a dry run (checks only) or the real run. */
export const ImportRunSchema = z.object({
  no: z.number().int(),
  dryRun: z.boolean(),
  mapping: ImportMappingSchema,
  status: z.enum(RUN_STATUSES),
  /** Data rows in the file, once counted. */
  total: z.number().int().optional(),
  done: z.number().int(),
  /** Customers or transactions written by this run. */
  created: z.number().int(),
  /** Rows already in the CRM: imported before, or a customer with the same email or phone. */
  existing: z.number().int(),
  /** Rows with problems, not imported. */
  failed: z.number().int(),
  /** Every row up to this one is finished: a resumed run starts after it. */
  checkpoint: z.number().int(),
  startedAt: z.string().optional(),
  finishedAt: z.string().optional(),
  /** Last sign of life; a run silent for long (its job given up) no longer blocks a new one. */
  heartbeatAt: z.string(),
  /** Why the run stopped short: the last error met (a retry may pass it), or the file problem that failed it. */
  error: z.string().optional(),
  /** A failed run's problem with the file itself (an unclosed quote, a row past the limits), for the client to word. */
  fileProblem: ImportFileProblemSchema.optional(),
});
export type ImportRun = z.infer<typeof ImportRunSchema>;

export const ImportJobSchema = z.object({
  id: z.string(),
  entity: z.enum(IMPORT_ENTITIES),
  fileName: z.string(),
  createdAt: z.string(),
  createdBy: z.string(),
  createdByName: z.string(),
  /** Parts received and their bytes. */
  parts: z.number().int(),
  bytes: z.number().int(),
  encoding: z.enum(["utf-8", "gbk"]).optional(),
  headers: z.array(z.string()).optional(),
  /** The first rows, to check the mapping against. */
  sample: z.array(z.array(z.string())).optional(),
  suggestedMapping: ImportMappingSchema.optional(),
  run: ImportRunSchema.optional(),
});
export type ImportJob = z.infer<typeof ImportJobSchema>;

export const NewImportSchema = z
  .object({
    entity: z.enum(IMPORT_ENTITIES),
    fileName: z.string().trim().min(1).max(200),
  })
  .strict();

export const ImportRunRequestSchema = z
  .object({ mapping: ImportMappingSchema, dryRun: z.boolean().default(false) })
  .strict();

export const EXPORT_ENTITIES = ["customers", "transactions"] as const;

/** Which customers an export holds: the list's filters, as the list takes them. */
export const ExportFilterSchema = z
  .object({
    q: z.string().max(100).optional(),
    owner: z.string().max(100).optional(),
    stage: z.enum(LIFECYCLE_STAGES).optional(),
    tag: z.string().trim().min(1).max(40).optional(),
    /** An RFM segment's customers, or a churn-risk band's: the nightly scores' lists. */
    segment: SegmentKeySchema.optional(),
    churnRisk: z.enum(CHURN_RISKS).optional(),
  })
  .strict();
export type ExportFilter = z.infer<typeof ExportFilterSchema>;

export const NewExportSchema = z
  .object({ entity: z.enum(EXPORT_ENTITIES), filter: ExportFilterSchema.default({}) })
  .strict();

export const ExportJobSchema = z.object({
  id: z.string(),
  entity: z.enum(EXPORT_ENTITIES),
  filter: ExportFilterSchema,
  status: z.enum(RUN_STATUSES),
  fileName: z.string(),
  createdAt: z.string(),
  createdBy: z.string(),
  /** A rep limited to their own customers exports only those. */
  onlyOwnerId: z.string().optional(),
  /** Customers gone through, and rows written. */
  done: z.number().int(),
  rows: z.number().int(),
  /** The file's parts (each up to a few MB): GET .../file?part=n. */
  parts: z.number().int(),
  bytes: z.number().int(),
  finishedAt: z.string().optional(),
  error: z.string().optional(),
});
export type ExportJob = z.infer<typeof ExportJobSchema>;
