import { REGIONAL_DEFAULTS } from "./constants.js";
import { DEFAULT_SCORING } from "./scoring/default-scoring.js";
import type { TenantSettings } from "./settings.js";

/**
 * Reads stored settings, filling keys added after the tenant was created with
 * their defaults: what defaultSettings() gives a tenant of that company name
 * and language. Apart from settings.ts (the schemas) so that the data layer,
 * which reads settings, builds no schema when a Lambda starts.
 */
export function readSettings(stored: Partial<TenantSettings> & { companyName: string }): TenantSettings {
  const locale = stored.locale ?? "en";
  return {
    locale,
    ...REGIONAL_DEFAULTS[locale],
    repVisibility: "all",
    repsMayHandOver: false,
    scoring: DEFAULT_SCORING,
    ...stored,
  };
}
