/**
 * The domain's enumerations as plain values, with no zod: the web client
 * imports these (and types) without bundling the validators.
 */
export const ROLES = ["admin", "manager", "rep"] as const;
export const LOCALES = ["zh-CN", "en"] as const;
export const PLANS = ["pooled", "dedicated"] as const;
export const REP_VISIBILITIES = ["all", "own"] as const;
export const USER_STATUSES = ["invited", "active", "deactivated"] as const;
