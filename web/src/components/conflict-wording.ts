import type { CustomField } from "@crm/domain";
import { useFormat } from "../format";
import { useI18n } from "../i18n";
import { labelOf, shownValue } from "./custom-fields";

/**
 * How an edit conflict (or a history) names a field and shows its values,
 * for a form with custom fields (`customFields`): custom fields by their
 * label and their values as the reader reads them (options by their labels,
 * dates in the reader's locale), lists joined (phones in the region's
 * format); the form's own fields by `own`: its label, and any value it shows
 * its own way (else undefined).
 */
export function useConflictWording(
  customFields: CustomField[],
  own: { label: (key: string) => string; shown?: (key: string, value: unknown) => string | undefined },
) {
  const { t, lang } = useI18n();
  const format = useFormat();
  const customOf = (key: string) => customFields.find((one) => `customFields.${one.key}` === key);
  const label = (key: string) => {
    if (!key.startsWith("customFields.")) return own.label(key);
    const field = customOf(key);
    return field ? labelOf(field, lang) : key.slice("customFields.".length);
  };
  const shown = (key: string, value: unknown) => {
    const ownWay = own.shown?.(key, value);
    if (ownWay !== undefined) return ownWay;
    // Before lists: a multi-select's values are options, each shown by its label.
    if (key.startsWith("customFields.")) {
      const field = customOf(key);
      if (field?.type === "date" && typeof value === "string") return format.date(value);
      return shownValue(field, value, t("common.yes"), t("common.no"), lang);
    }
    if (Array.isArray(value))
      return value
        .map((one) => (key === "phones" && /^\+\d+$/.test(String(one)) ? format.phone(String(one)) : one))
        .join(", ");
    return String(value);
  };
  return { label, shown };
}
