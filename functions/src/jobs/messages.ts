import { TenantIdSchema } from "@crm/domain";
import { z } from "zod";

/** What travels on the job queue, parsed at the worker's edge like any outside input. */
export const JobMessageSchema = z.discriminatedUnion("job", [
  z.object({ job: z.literal("nightly"), tenantId: TenantIdSchema, date: z.iso.date() }).strict(),
]);
export type JobMessage = z.infer<typeof JobMessageSchema>;
