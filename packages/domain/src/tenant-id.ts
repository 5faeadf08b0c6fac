import { z } from "zod";

// Apart from tenant.ts (the signup's schemas, which bring the phone library): a Lambda checks tenant ids as it starts.

/** Tenant ids are fixed-length, so no tenant's id is a prefix of another's key. */
export const TENANT_ID_PATTERN = /^t[0-9a-f]{24}$/;
export const TenantIdSchema = z.string().regex(TENANT_ID_PATTERN, "Not a tenant id.");
