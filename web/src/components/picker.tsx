import { useId, useMemo, useState } from "react";
import type { FieldProblem } from "../api";
import { useI18n } from "../i18n";
import { useMessageText } from "./form";
import { Sheet } from "./sheet";

export type PickerOption = {
  value: string;
  label: string;
  /** A second line: a currency's name, a zone's name and offset. */
  detail?: string;
  /** Words it is also found by that it does not show ("上海" for Asia/Shanghai). */
  keywords?: string;
};

/** Case, width, "_" and "/" do not matter: "new york" finds America/New_York. */
const searchable = (text: string) =>
  text
    .normalize("NFKC")
    .toLowerCase()
    .replace(/[_/()·,-]+/g, " ")
    .replace(/\s+/g, " ")
    .trim();

/**
 * A field choosing one of many values (a currency, a time zone): a button
 * showing the choice that opens a sheet to search them, the likely ones first.
 */
export function Picker({
  label,
  value,
  options,
  likely,
  onChange,
  error,
}: {
  label: string;
  value: string;
  options: PickerOption[];
  /** The values most people here choose, shown first while nothing is typed. */
  likely: string[];
  onChange: (value: string) => void;
  /** The API's problems with the choice, or texts already in the reader's language. */
  error?: Array<string | FieldProblem>;
}) {
  const { t } = useI18n();
  const messageText = useMessageText();
  const id = useId();
  const [open, setOpen] = useState(false);
  const [query, setQuery] = useState("");
  const index = useMemo(
    () =>
      options.map((option) => ({
        option,
        text: searchable(`${option.value} ${option.label} ${option.detail ?? ""} ${option.keywords ?? ""}`),
      })),
    [options],
  );
  const byValue = useMemo(() => new Map(options.map((option) => [option.value, option])), [options]);
  const words = searchable(query).split(" ").filter(Boolean);
  const found = index
    .filter(({ text }) => words.every((word) => text.includes(word)))
    .map(({ option }) => option);
  const first = words.length === 0 ? likely.flatMap((one) => byValue.get(one) ?? []) : [];
  const current = byValue.get(value);
  const choose = (next: string) => {
    onChange(next);
    setOpen(false);
    setQuery("");
  };
  const list = (items: PickerOption[]) => (
    <ul className="list picker-list">
      {items.map((option) => (
        <li key={option.value}>
          <button
            type="button"
            className="row"
            aria-current={option.value === value ? "true" : undefined}
            onClick={() => choose(option.value)}
          >
            <span className="row-main">
              <strong>{option.label}</strong>
              {option.detail && <small>{option.detail}</small>}
            </span>
            {option.value === value && <span aria-hidden="true">✓</span>}
          </button>
        </li>
      ))}
    </ul>
  );
  return (
    <div className={`field${error ? " has-error" : ""}`}>
      <label id={`${id}-label`} htmlFor={id}>
        {label}
      </label>
      <button
        id={id}
        type="button"
        className="picker"
        aria-haspopup="dialog"
        aria-labelledby={`${id}-label ${id}-value`}
        aria-invalid={Boolean(error)}
        onClick={() => setOpen(true)}
      >
        <span id={`${id}-value`} className="row-main">
          <strong>{current?.label ?? value}</strong>
          {current?.detail && <small>{current.detail}</small>}
        </span>
        <span aria-hidden="true">▾</span>
      </button>
      <small className={error ? "error" : "hint"}>{error ? messageText(error) : ""}</small>
      {open && (
        <Sheet
          title={label}
          onClose={() => {
            setOpen(false);
            setQuery("");
          }}
        >
          <input
            className="search"
            type="search"
            aria-label={t("picker.search", { label })}
            placeholder={t("picker.search", { label })}
            value={query}
            onChange={(event) => setQuery(event.target.value)}
          />
          {first.length > 0 && (
            <>
              <h3 className="picker-heading">{t("picker.likely")}</h3>
              {list(first)}
              <h3 className="picker-heading">{t("picker.all")}</h3>
            </>
          )}
          {found.length > 0 ? list(found) : <p className="muted">{t("picker.none")}</p>}
        </Sheet>
      )}
    </div>
  );
}
