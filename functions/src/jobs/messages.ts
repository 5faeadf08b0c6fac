import { TenantIdSchema } from "@crm/domain";
import { z } from "zod";

/** What travels on the job queue, parsed at the worker's edge like any outside input. */
export const JobMessageSchema = z.discriminatedUnion("job", [
  z.object({ job: z.literal("nightly"), tenantId: TenantIdSchema, date: z.iso.date() }).strict(),
  z
    .object({
      job: z.literal("import"),
      tenantId: TenantIdSchema,
      importId: z.string().min(1).max(100),
      run: z.number().int().min(1),
    })
    .strict(),
  z
    .object({ job: z.literal("export"), tenantId: TenantIdSchema, exportId: z.string().min(1).max(100) })
    .strict(),
  z
    .object({ job: z.literal("scoring"), tenantId: TenantIdSchema, runId: z.string().min(1).max(100) })
    .strict(),
]);
export type JobMessage = z.infer<typeof JobMessageSchema>;
