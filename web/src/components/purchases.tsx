import type { Customer, Transaction } from "@crm/domain";
import { type FormEvent, useEffect, useRef, useState } from "react";
import { newRequestId, request } from "../api";
import { useFormat } from "../format";
import { useAction } from "../hooks/use-action";
import { useI18n } from "../i18n";
import { FormError, fieldErrorsUnder, SelectField, TextField } from "./form";
import { type EntryChecks, PurchaseList, useTypedEntry } from "./purchase-list";
import { Sheet } from "./sheet";
import { showToast } from "./toast";

/** Money is kept in minor units; shown in the reader's language and the currency's own digits. */
export const useMoney = () => useFormat().money;

/** What a customer has bought: the aggregates at a glance, the latest transactions, and a way to record one. */
export function Purchases({
  customer,
  onRecorded,
  refreshKey,
}: {
  customer: Customer;
  /** After a purchase is recorded, voided or corrected: the aggregates and history moved. */
  onRecorded: () => Promise<void>;
  /** Change it to load the purchase list again from the start (after a merge, say). */
  refreshKey?: unknown;
}) {
  const { t } = useI18n();
  const format = useFormat();
  const { money } = format;
  const [recording, setRecording] = useState(false);
  // Each purchase recorded here loads the list again.
  const [recorded, setRecorded] = useState(0);
  // The entry just recorded: brought into view when the list shows it.
  const [added, setAdded] = useState<string | null>(null);
  const section = useRef<HTMLElement>(null);
  useEffect(() => {
    const list = section.current;
    if (!added || !list) return;
    const reveal = () => {
      const entry = list.querySelector<HTMLElement>(`[data-entry="${CSS.escape(added)}"]`);
      if (!entry) return false;
      entry.scrollIntoView({ block: "center" });
      entry.classList.add("just-added");
      setAdded(null);
      return true;
    };
    if (reveal()) return;
    // The list loads again after a purchase; an entry older than those shown is not waited for long.
    const watch = new MutationObserver(() => reveal() && watch.disconnect());
    watch.observe(list, { childList: true, subtree: true });
    const giveUp = setTimeout(() => setAdded(null), 10_000);
    return () => {
      watch.disconnect();
      clearTimeout(giveUp);
    };
  }, [added]);
  const { purchases } = customer;
  return (
    <section className="card" ref={section}>
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
          <dd>{purchases.lastAt ? format.day(purchases.lastAt) : "—"}</dd>
        </div>
      </dl>
      <PurchaseList
        customerId={customer.id}
        refreshKey={`${String(refreshKey ?? "")}#${recorded}`}
        onChanged={onRecorded}
      />
      <button type="button" onClick={() => setRecording(true)}>
        {t("purchases.record")}
      </button>
      {recording && (
        <RecordTransaction
          customer={customer}
          onClose={() => setRecording(false)}
          onRecorded={async (transaction) => {
            setRecording(false);
            setRecorded((count) => count + 1);
            setAdded(transaction.id);
            showToast(
              t(transaction.kind === "refund" ? "purchases.recordedRefund" : "purchases.recordedPurchase", {
                amount: money(transaction.amount, transaction.currency),
              }),
            );
            await onRecorded();
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
  onRecorded: (transaction: Transaction) => Promise<void>;
}) {
  const { t } = useI18n();
  const format = useFormat();
  const currency = customer.purchases.currency;
  const [idempotencyKey] = useState(newRequestId);
  const [form, setForm] = useState(() => ({
    kind: "purchase",
    amount: "",
    // Now, on the company's clock: the input shows and is read in the company's zone, not the device's.
    when: format.toWallTime(Date.now()),
    channel: "",
    ref: "",
  }));
  const [checks, setChecks] = useState<EntryChecks>({});
  const { error, busy, run } = useAction();
  const { amount, occurredAt, check } = useTypedEntry(form, currency);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const found = check();
    setChecks(found);
    if (found.amount || found.when) return;
    return run(async () => {
      const { data } = await request<{ transaction: Transaction }>(
        "POST",
        `/customers/${customer.id}/transactions`,
        {
          idempotencyKey,
          body: {
            kind: form.kind,
            amount,
            currency,
            occurredAt,
            ...(form.channel && { channel: form.channel }),
            ...(form.ref && { externalRef: form.ref }),
          },
        },
      );
      await onRecorded(data.transaction);
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
          label={t("purchases.amount", { currency: format.currencySign(currency) })}
          name="amount"
          inputMode="decimal"
          autoComplete="off"
          value={form.amount}
          onChange={(e) => {
            setForm({ ...form, amount: e.target.value });
            setChecks({ ...checks, amount: undefined });
          }}
          error={checks.amount ? [checks.amount] : errors("amount")}
          hint={amount !== undefined && amount > 0 ? format.money(amount, currency) : ""}
        />
        <TextField
          label={t("purchases.when")}
          name="when"
          type="datetime-local"
          value={form.when}
          onChange={(e) => {
            setForm({ ...form, when: e.target.value });
            setChecks({ ...checks, when: undefined });
          }}
          error={checks.when ? [checks.when] : errors("occurredAt")}
          hint={t("purchases.whenZone", { zone: format.zone() })}
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
