import {
  type CountryCode,
  getCountries,
  getCountryCallingCode,
  parsePhoneNumberFromString,
} from "libphonenumber-js";

/**
 * A phone number in E.164 (+8613812345678), read with the tenant's default
 * region when it has no country code; undefined when it is not a valid number.
 */
export function normalizePhone(raw: string, defaultRegion: string): string | undefined {
  const parsed = parsePhoneNumberFromString(raw.trim(), defaultRegion as CountryCode);
  return parsed?.isValid() ? parsed.number : undefined;
}

/**
 * A stored (E.164) number as people read it: in national format when it is of
 * the tenant's region ("138 1234 5678" in a CN tenant), international
 * otherwise ("+1 415 555 0100"); as stored when it cannot be read.
 */
export function formatPhone(e164: string, region: string): string {
  const parsed = parsePhoneNumberFromString(e164);
  if (!parsed) return e164;
  return parsed.country === region ? parsed.formatNational() : parsed.formatInternational();
}

/** Every region a tenant's phone numbers can default to (what the settings accept), with its calling code: CN → "86". */
export function phoneRegions(): Array<{ region: string; callingCode: string }> {
  return getCountries().map((region) => ({ region, callingCode: getCountryCallingCode(region) }));
}
