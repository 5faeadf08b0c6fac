import type { FieldProblem } from "../api";
import { useI18n } from "../i18n";
import { EmailField, TextField } from "./form";

/** Where a customer or a contact is reached: their phones and emails, each typed as a list. */
export function PhonesAndEmailsFields({
  phones,
  emails,
  onChange,
  errors,
}: {
  phones: string;
  emails: string;
  onChange: (key: "phones" | "emails") => (event: { target: { value: string } }) => void;
  errors: (field: string) => FieldProblem[] | undefined;
}) {
  const { t } = useI18n();
  return (
    <>
      <TextField
        label={t("customer.field.phones")}
        name="phones"
        type="tel"
        inputMode="tel"
        value={phones}
        onChange={onChange("phones")}
        error={errors("phones")}
        hint={t("customer.listHint")}
      />
      <EmailField
        label={t("customer.field.emails")}
        name="emails"
        value={emails}
        onChange={onChange("emails")}
        error={errors("emails")}
      />
    </>
  );
}
