import type { Customer, CustomField } from "@crm/domain";
import { COMPANY_SIZES, CUSTOMER_KINDS, CUSTOMER_TYPES, LIFECYCLE_STAGES } from "@crm/domain/constants";
import { ApiError } from "../api";
import { useFormat } from "../format";
import { useConflictAwareSave } from "../hooks/use-conflict-aware-save";
import { type MessageKey, useI18n } from "../i18n";
import { Link } from "../router";
import { useConflictWording } from "./conflict-wording";
import { ConflictPanel, EditConflict } from "./conflicts";
import { PhonesAndEmailsFields } from "./contact-point-fields";
import { CustomFieldInputs, type CustomValues, useCustomFields } from "./custom-fields";
import { draftFields, listOf } from "./draft-fields";
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

/**
 * The draft of a customer (a new one without). Phones as `phone` writes them:
 * the form passes the region's format ("138 1000 0000", not +8613810000000),
 * which the API reads back with the company's region.
 */
export function draftOf(customer?: Customer, phone: (e164: string) => string = (e164) => e164): Draft {
  return {
    kind: customer?.kind ?? "person",
    type: customer?.type ?? "consumer",
    name: customer?.name ?? "",
    emails: customer?.emails.join(", ") ?? "",
    phones: customer?.phones.map(phone).join(", ") ?? "",
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
    emails: listOf(draft.emails),
    phones: listOf(draft.phones),
    tags: listOf(draft.tags),
    lifecycleStage: draft.lifecycleStage,
    ...(draft.source && { source: draft.source }),
    ...(company && draft.industry && { industry: draft.industry }),
    ...(company && draft.size && { size: draft.size }),
    ...(!company && draft.birthday && { birthday: draft.birthday }),
    ...(Object.keys(draft.customFields).length > 0 && { customFields: draft.customFields }),
  };
}

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

/** The fields of a draft, compared to find edit conflicts. */
const customerFields = draftFields<Draft>({ plain: PLAIN_FIELDS, lists: ["emails", "phones", "tags"] });

/**
 * How a customer's fields are named and their values shown to a reader (an
 * edit conflict, the history): choices in words, dates in the reader's
 * locale, phones in the region's format, custom options by their labels.
 */
export function useCustomerWording(customFields: CustomField[]) {
  const { t } = useI18n();
  const format = useFormat();
  return useConflictWording(customFields, {
    label: (key) => t(`customer.field.${key}` as MessageKey),
    shown: (key, value) => {
      if (key === "kind" || key === "type") return t(`customer.${key}.${value}` as MessageKey);
      if (key === "lifecycleStage") return t(`customer.stage.${value}` as MessageKey);
      if (key === "birthday") return format.date(String(value));
      if (key === "lifecycleStagePinned") return value ? t("common.yes") : t("common.no");
      if (key === "address" && value && typeof value === "object") {
        const { country, ...lines } = value as Record<string, string | undefined>;
        const countryName = country && new Intl.DisplayNames([format.lang], { type: "region" }).of(country);
        return [lines.line1, lines.line2, lines.city, lines.region, lines.postalCode, countryName]
          .filter(Boolean)
          .join(", ");
      }
      return undefined;
    },
  });
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
  customFields: known,
  onSubmit,
}: {
  initial: Draft;
  base?: Customer;
  /** The customer custom fields the page has read already; else the form reads them. */
  customFields?: CustomField[];
  onSubmit: (draft: Draft, base?: Customer) => Promise<void>;
}) {
  const { t } = useI18n();
  const format = useFormat();
  const customFields = useCustomFields("customer", known);
  const { draft, setDraft, conflicts, error, busy, submit } = useConflictAwareSave({
    initial,
    base: edited,
    draftOf: (customer) => draftOf(customer, format.phone),
    fields: customerFields.fields,
    save: onSubmit,
    currentAfter: async (failure) =>
      failure instanceof EditConflict ? (failure.current as Customer) : undefined,
  });
  const set = (key: Exclude<keyof Draft, "customFields">) => (event: { target: { value: string } }) =>
    setDraft({ ...draft, [key]: event.target.value });
  const errors = (field: string) => fieldErrorsUnder(error, field);
  const { label, shown: valueShown } = useCustomerWording(customFields);

  const shown = [...PLAIN_FIELDS, "customFields"];
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
        fields={conflicts.map((conflict) => customerFields.field(conflict.key))}
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
      <PhonesAndEmailsFields phones={draft.phones} emails={draft.emails} onChange={set} errors={errors} />
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
