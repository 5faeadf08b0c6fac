import { type CountryCode, parsePhoneNumberFromString } from "libphonenumber-js";

/**
 * A phone number in E.164 (+8613812345678), read with the tenant's default
 * region when it has no country code; undefined when it is not a valid number.
 */
export function normalizePhone(raw: string, defaultRegion: string): string | undefined {
  const parsed = parsePhoneNumberFromString(raw.trim(), defaultRegion as CountryCode);
  return parsed?.isValid() ? parsed.number : undefined;
}
