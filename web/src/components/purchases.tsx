import type { Customer, Transaction } from "@crm/domain";
import { type FormEvent, useCallback, useEffect, useState } from "react";
import { newRequestId, request } from "../api";
import { useAction } from "../hooks/use-action";
import { type MessageKey, useI18n } from "../i18n";
import { FormError, fieldErrorsUnder, SelectField, TextField } from "./form";
import { Sheet } from "./sheet";

/** Money is kept in minor units; shown in the reader's language and the currency's own digits. */
export function useMoney() {
  const { lang } = useI18n();
  return (minor: number, currency: string) => {
    const format = new Intl.NumberFormat(lang, { style: "currency", currency });
    const digits = format.resolvedOptions().maximumFractionDigits ?? 2;
    return format.format(minor / 10 ** digits);
  };
}

/** What a customer has bought: the aggregates at a glance, the latest transactions, and a way to record one. */
export function Purchases({
  customer,
  timeZone,
  onRecorded,
}: {
  customer: Customer;
  timeZone: string;
  onRecorded: () => Promise<void>;
}) {
  const { t, lang } = useI18n();
  const money = useMoney();
  const [transactions, setTransactions] = useState<Transaction[]>([]);
  const [recording, setRecording] = useState(false);
  const load = useCallback(async () => {
    setTransactions(
      (await request<{ items: Transaction[] }>("GET", `/customers/${customer.id}/transactions?limit=10`)).data
        .items,
    );
  }, [customer.id]);
  useEffect(() => {
    void load();
  }, [load]);
  const { purchases } = customer;
  const day = new Intl.DateTimeFormat(lang, { dateStyle: "medium", timeZone });
  return (
    <section className="card">
      <h2>{t("purchases.title")}</h2>
      <dl className="stats">
        <div>
          <dt>{t("purchases.count")}</dt>
          <dd>{purchases.count}</dd>
        </div>
        <div>
          <dt>{t("purchases.net")}</dt>
          <dd>{money(purchases.netAmount, purchases.currency)}</dd>
        </div>
        <div>
          <dt>{t("purchases.average")}</dt>
          <dd>{money(purchases.averageAmount, purchases.currency)}</dd>
        </div>
        <div>
          <dt>{t("purchases.last")}</dt>
          <dd>{purchases.lastAt ? day.format(new Date(purchases.lastAt)) : "—"}</dd>
        </div>
      </dl>
      {transactions.length === 0 && <p className="muted">{t("purchases.none")}</p>}
      <ul className="list">
        {transactions.map((transaction) => (
          <li key={transaction.id} className="transaction">
            <span>{day.format(new Date(transaction.occurredAt))}</span>
            <span className="muted">{t(`purchases.kind.${transaction.kind}` as MessageKey)}</span>
            <strong className={transaction.kind}>
              {transaction.kind === "refund" ? "−" : ""}
              {money(transaction.amount, transaction.currency)}
            </strong>
          </li>
        ))}
      </ul>
      <button type="button" onClick={() => setRecording(true)}>
        {t("purchases.record")}
      </button>
      {recording && (
        <RecordTransaction
          customer={customer}
          onClose={() => setRecording(false)}
          onRecorded={async () => {
            setRecording(false);
            await Promise.all([load(), onRecorded()]);
          }}
        />
      )}
    </section>
  );
}

function RecordTransaction({
  customer,
  onClose,
  onRecorded,
}: {
  customer: Customer;
  onClose: () => void;
  onRecorded: () => Promise<void>;
}) {
  const { t } = useI18n();
  const currency = customer.purchases.currency;
  const digits =
    new Intl.NumberFormat("en", { style: "currency", currency }).resolvedOptions().maximumFractionDigits ?? 2;
  const [idempotencyKey] = useState(newRequestId);
  const [form, setForm] = useState({
    kind: "purchase",
    amount: "",
    when: new Date().toISOString().slice(0, 16),
    channel: "",
    ref: "",
  });
  const { error, busy, run } = useAction();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    return run(async () => {
      await request("POST", `/customers/${customer.id}/transactions`, {
        idempotencyKey,
        body: {
          kind: form.kind,
          // Typed in major units (12.50); sent in minor units (1250), as the API keeps money.
          amount: Math.round(Number(form.amount.replace(",", ".")) * 10 ** digits),
          currency,
          occurredAt: new Date(form.when).toISOString(),
          ...(form.channel && { channel: form.channel }),
          ...(form.ref && { externalRef: form.ref }),
        },
      });
      await onRecorded();
    });
  };
  const errors = (field: string) => fieldErrorsUnder(error, field);
  return (
    <Sheet title={t("purchases.record")} onClose={onClose}>
      <form onSubmit={submit} noValidate>
        <SelectField
          label={t("customer.field.kind")}
          name="kind"
          value={form.kind}
          onChange={(e) => setForm({ ...form, kind: e.target.value })}
        >
          <option value="purchase">{t("purchases.kind.purchase")}</option>
          <option value="refund">{t("purchases.kind.refund")}</option>
        </SelectField>
        <TextField
          label={t("purchases.amount", { currency })}
          name="amount"
          inputMode="decimal"
          value={form.amount}
          onChange={(e) => setForm({ ...form, amount: e.target.value })}
          error={errors("amount")}
        />
        <TextField
          label={t("purchases.when")}
          name="when"
          type="datetime-local"
          value={form.when}
          onChange={(e) => setForm({ ...form, when: e.target.value })}
          error={errors("occurredAt")}
        />
        <TextField
          label={t("purchases.channel")}
          name="channel"
          value={form.channel}
          onChange={(e) => setForm({ ...form, channel: e.target.value })}
          error={errors("channel")}
        />
        <TextField
          label={t("purchases.ref")}
          name="ref"
          value={form.ref}
          onChange={(e) => setForm({ ...form, ref: e.target.value })}
          error={errors("externalRef")}
        />
        <FormError error={errors("amount") || errors("occurredAt") ? null : error} />
        <button type="submit" className="primary" disabled={busy}>
          {t("common.save")}
        </button>
      </form>
    </Sheet>
  );
}
