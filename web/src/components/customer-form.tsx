import type { Customer } from "@crm/domain";
import { COMPANY_SIZES, CUSTOMER_KINDS, CUSTOMER_TYPES, LIFECYCLE_STAGES } from "@crm/domain/constants";
import { type FormEvent, useState } from "react";
import { ApiError } from "../api";
import { useFormat } from "../format";
import { useAction } from "../hooks/use-action";
import { type MessageKey, useI18n } from "../i18n";
import { Link } from "../router";
import { type Conflict, ConflictPanel, EditConflict, type FieldAccess, rebase } from "./conflicts";
import { CustomFieldInputs, type CustomValues, labelOf, shownValue, useCustomFields } from "./custom-fields";
import { FormError, fieldErrorsUnder, ProgressBar, SelectField, TextField } from "./form";

/** What the form edits, as the person types it: lists as comma-separated text. */
export type Draft = {
  kind: Customer["kind"];
  type: Customer["type"];
  name: string;
  emails: string;
  phones: string;
  tags: string;
  lifecycleStage: Customer["lifecycleStage"];
  source: string;
  industry: string;
  size: string;
  birthday: string;
  customFields: CustomValues;
};

const list = (text: string) =>
  text
    .split(/[,，;；\n]+/)
    .map((part) => part.trim())
    .filter(Boolean);

export function draftOf(customer?: Customer): Draft {
  return {
    kind: customer?.kind ?? "person",
    type: customer?.type ?? "consumer",
    name: customer?.name ?? "",
    emails: customer?.emails.join(", ") ?? "",
    phones: customer?.phones.join(", ") ?? "",
    tags: customer?.tags.join(", ") ?? "",
    lifecycleStage: customer?.lifecycleStage ?? "prospect",
    source: customer?.source ?? "",
    industry: customer?.industry ?? "",
    size: customer?.size ?? "",
    birthday: customer?.birthday ?? "",
    customFields: customer?.customFields ?? {},
  };
}

/** The request body for a draft: lists split, empty optional fields left out, fields of the other kind dropped. */
export function bodyOf(draft: Draft): Record<string, unknown> {
  const company = draft.kind === "company";
  return {
    kind: draft.kind,
    type: draft.type,
    name: draft.name,
    emails: list(draft.emails),
    phones: list(draft.phones),
    tags: list(draft.tags),
    lifecycleStage: draft.lifecycleStage,
    ...(draft.source && { source: draft.source }),
    ...(company && draft.industry && { industry: draft.industry }),
    ...(company && draft.size && { size: draft.size }),
    ...(!company && draft.birthday && { birthday: draft.birthday }),
    ...(Object.keys(draft.customFields).length > 0 && { customFields: draft.customFields }),
  };
}

const LIST_FIELDS = new Set(["emails", "phones", "tags"]);
const PLAIN_FIELDS = [
  "kind",
  "type",
  "name",
  "emails",
  "phones",
  "tags",
  "lifecycleStage",
  "source",
  "industry",
  "size",
  "birthday",
] as const;

/** One field of a draft, comparable (lists as lists; a custom field, "customFields.<key>", on its own). */
export function draftField(key: string): FieldAccess<Draft> {
  if (key.startsWith("customFields.")) {
    const custom = key.slice("customFields.".length);
    return {
      key,
      get: (draft) => draft.customFields[custom] ?? null,
      set: (draft, value) => {
        const { [custom]: _old, ...rest } = draft.customFields;
        return {
          ...draft,
          customFields: value === null || value === undefined ? rest : { ...rest, [custom]: value },
        };
      },
    };
  }
  const plain = key as (typeof PLAIN_FIELDS)[number];
  return {
    key,
    get: (draft) => (LIST_FIELDS.has(plain) ? list(draft[plain]) : draft[plain].trim()),
    set: (draft, value) => ({
      ...draft,
      [plain]: Array.isArray(value) ? value.join(", ") : String(value ?? ""),
    }),
  };
}

/** Every field of the drafts: what a conflict is looked for in. */
export function draftFields(...drafts: Draft[]): FieldAccess<Draft>[] {
  const customKeys = [...new Set(drafts.flatMap((draft) => Object.keys(draft.customFields)))];
  return [...PLAIN_FIELDS, ...customKeys.map((key) => `customFields.${key}`)].map(draftField);
}

/**
 * The fields of a customer, used to create one and to edit one. An edit
 * (`base`: the version edited) whose save throws EditConflict is rebased on
 * the current version: what the person typed stays, and each field changed on
 * both sides is shown as theirs against mine, to choose before saving again.
 */
export function CustomerForm({
  initial,
  base: edited,
  onSubmit,
}: {
  initial: Draft;
  base?: Customer;
  onSubmit: (draft: Draft, base?: Customer) => Promise<void>;
}) {
  const { t, lang } = useI18n();
  const format = useFormat();
  const [draft, setDraft] = useState(initial);
  const [base, setBase] = useState(edited);
  const [conflicts, setConflicts] = useState<Conflict[]>([]);
  const { error, busy, run } = useAction();
  const customFields = useCustomFields("customer");
  const set = (key: Exclude<keyof Draft, "customFields">) => (event: { target: { value: string } }) =>
    setDraft({ ...draft, [key]: event.target.value });
  const errors = (field: string) => fieldErrorsUnder(error, field);

  const save = async (mine: Draft, against: Customer | undefined, attempts = 3): Promise<void> => {
    try {
      await onSubmit(mine, against);
    } catch (failure) {
      if (!(failure instanceof EditConflict) || !against || attempts <= 1) throw failure;
      const current = failure.current as Customer;
      const theirs = draftOf(current);
      const rebased = rebase(draftOf(against), mine, theirs, draftFields(draftOf(against), mine, theirs));
      setBase(current);
      setDraft(rebased.draft);
      setConflicts(rebased.conflicts);
      // Nothing both changed: theirs and mine together, saved at once against theirs.
      if (rebased.conflicts.length === 0) await save(rebased.draft, current, attempts - 1);
    }
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    return run(async () => {
      setConflicts([]);
      await save(draft, base);
    });
  };
  const label = (key: string) => {
    if (!key.startsWith("customFields.")) return t(`customer.field.${key}` as MessageKey);
    const field = customFields.find((one) => `customFields.${one.key}` === key);
    return field ? labelOf(field, lang) : key.slice("customFields.".length);
  };
  const valueShown = (key: string, value: unknown) => {
    if (Array.isArray(value))
      return value
        .map((one) => (key === "phones" && /^\+\d+$/.test(String(one)) ? format.phone(String(one)) : one))
        .join(", ");
    if (key === "kind" || key === "type") return t(`customer.${key}.${value}` as MessageKey);
    if (key === "lifecycleStage") return t(`customer.stage.${value}` as MessageKey);
    if (key === "birthday") return format.date(String(value));
    if (key.startsWith("customFields.")) {
      const field = customFields.find((one) => `customFields.${one.key}` === key);
      return shownValue(field, value, t("common.yes"), t("common.no"), lang);
    }
    return String(value);
  };

  const shown = [
    "kind",
    "type",
    "name",
    "emails",
    "phones",
    "tags",
    "lifecycleStage",
    "source",
    "industry",
    "size",
    "birthday",
    "customFields",
  ];
  const elsewhere =
    error instanceof ApiError &&
    error.fieldProblemList.some((problem) => shown.some((f) => problem.path.startsWith(f)))
      ? null
      : error;
  return (
    <form onSubmit={submit} noValidate>
      <ConflictPanel
        conflicts={conflicts}
        draft={draft}
        fields={conflicts.map((conflict) => draftField(conflict.key))}
        label={label}
        shown={valueShown}
        onChoose={setDraft}
      />
      <fieldset className="segmented" aria-label={t("customer.field.kind")}>
        {CUSTOMER_KINDS.map((kind) => (
          <button
            key={kind}
            type="button"
            aria-pressed={draft.kind === kind}
            onClick={() => setDraft({ ...draft, kind })}
          >
            {t(`customer.kind.${kind}`)}
          </button>
        ))}
      </fieldset>
      <TextField
        label={t("customer.field.name")}
        name="name"
        value={draft.name}
        onChange={set("name")}
        error={errors("name")}
      />
      <TextField
        label={t("customer.field.phones")}
        name="phones"
        type="tel"
        inputMode="tel"
        value={draft.phones}
        onChange={set("phones")}
        error={errors("phones")}
        hint={t("customer.listHint")}
      />
      <TextField
        label={t("customer.field.emails")}
        name="emails"
        type="email"
        inputMode="email"
        value={draft.emails}
        onChange={set("emails")}
        error={errors("emails")}
      />
      <SelectField
        label={t("customer.field.type")}
        name="type"
        value={draft.type}
        onChange={set("type")}
        error={errors("type")}
      >
        {CUSTOMER_TYPES.map((type) => (
          <option key={type} value={type}>
            {t(`customer.type.${type}`)}
          </option>
        ))}
      </SelectField>
      <SelectField
        label={t("customer.field.lifecycleStage")}
        name="lifecycleStage"
        value={draft.lifecycleStage}
        onChange={set("lifecycleStage")}
        error={errors("lifecycleStage")}
      >
        {LIFECYCLE_STAGES.map((stage) => (
          <option key={stage} value={stage}>
            {t(`customer.stage.${stage}`)}
          </option>
        ))}
      </SelectField>
      {draft.kind === "company" ? (
        <>
          <TextField
            label={t("customer.field.industry")}
            name="industry"
            value={draft.industry}
            onChange={set("industry")}
            error={errors("industry")}
          />
          <SelectField
            label={t("customer.field.size")}
            name="size"
            value={draft.size}
            onChange={set("size")}
            error={errors("size")}
          >
            <option value="">—</option>
            {COMPANY_SIZES.map((size) => (
              <option key={size} value={size}>
                {size}
              </option>
            ))}
          </SelectField>
        </>
      ) : (
        <TextField
          label={t("customer.field.birthday")}
          name="birthday"
          type="date"
          value={draft.birthday}
          onChange={set("birthday")}
          error={errors("birthday")}
        />
      )}
      <TextField
        label={t("customer.field.tags")}
        name="tags"
        value={draft.tags}
        onChange={set("tags")}
        error={errors("tags")}
        hint={t("customer.listHint")}
      />
      <TextField
        label={t("customer.field.source")}
        name="source"
        value={draft.source}
        onChange={set("source")}
        error={errors("source")}
      />
      <CustomFieldInputs
        fields={customFields}
        values={draft.customFields}
        onChange={(values) => setDraft({ ...draft, customFields: values })}
        error={error}
      />
      <FormError error={elsewhere} />
      {error instanceof ApiError && typeof error.problem.existingId === "string" && (
        <Link className="button secondary" href={`/customers/${error.problem.existingId}`}>
          {t("customer.existing")}
        </Link>
      )}
      {busy && <ProgressBar label={t("common.loading")} />}
      <button type="submit" className="primary" disabled={busy}>
        {t("customer.save")}
      </button>
    </form>
  );
}
