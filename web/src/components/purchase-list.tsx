import type { CustomerChange, Purchases, Transaction } from "@crm/domain";
import { minorDigits, parseAmount } from "@crm/domain/money";
import { type FormEvent, Fragment, useCallback, useEffect, useRef, useState } from "react";
import { ApiError, newRequestId, request } from "../api";
import { type Format, useFormat } from "../format";
import { useAction } from "../hooks/use-action";
import { type MessageKey, useI18n } from "../i18n";
import { FormError, fieldErrorsUnder, SelectField, TextField } from "./form";
import { Sheet } from "./sheet";

/** Entries per page: what a phone shows before "Show more". */
const PAGE = 10;

type Page = { items: Transaction[]; nextCursor?: string };
type Corrected = {
  transaction: Transaction;
  reversal: Transaction;
  correction?: Transaction;
  purchases: Purchases;
};

/** The order the API lists entries in: latest first, by time then id (the sort key). */
const sortKey = (entry: Transaction) => `${entry.occurredAt}#${entry.id}`;
const latestFirst = (a: Transaction, b: Transaction) => sortKey(b).localeCompare(sortKey(a));

/**
 * A customer's purchases and refunds, latest first, a page at a time. Each
 * entry in force opens a sheet to void or correct it; a voided entry stays,
 * struck through, with its reversing entry under it. The list loads again
 * from the start whenever refreshKey changes (after a purchase is recorded,
 * after a merge brought in another customer's).
 */
export function PurchaseList({
  customerId,
  refreshKey,
  onChanged,
}: {
  customerId: string;
  refreshKey?: unknown;
  /** After a void or a correction: the aggregates and the history moved. */
  onChanged: () => void | Promise<void>;
}) {
  const { t } = useI18n();
  const format = useFormat();
  const [items, setItems] = useState<Transaction[]>([]);
  const [next, setNext] = useState<string | undefined>();
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [acting, setActing] = useState<Transaction | null>(null);
  // Answers to an older request (another customer, a refresh since) are dropped.
  const latest = useRef(0);
  const shown = useRef(0);
  shown.current = items.length;

  /** Asks for a page of entries; `place` puts them in the list unless a newer request was made since. */
  const fetchPage = useCallback(
    async (query: string, place: (page: Page) => void) => {
      const ticket = ++latest.current;
      setLoading(true);
      try {
        const page = (await request<Page>("GET", `/customers/${customerId}/transactions?${query}`)).data;
        if (ticket !== latest.current) return;
        place(page);
        setNext(page.nextCursor);
        setError(null);
      } catch (failure) {
        if (ticket === latest.current) setError(failure);
      } finally {
        if (ticket === latest.current) setLoading(false);
      }
    },
    [customerId],
  );
  const load = useCallback(
    (limit: number) => fetchPage(`limit=${limit}`, (page) => setItems(page.items)),
    [fetchPage],
  );

  // A refresh keeps as many entries in view as were shown (up to the API's page limit).
  // biome-ignore lint/correctness/useExhaustiveDependencies: refreshKey is what asks for a refresh.
  useEffect(() => {
    void load(Math.min(100, Math.max(PAGE, shown.current)));
  }, [load, refreshKey]);

  const more = async () => {
    if (!next) return;
    await fetchPage(`limit=${PAGE}&cursor=${encodeURIComponent(next)}`, (page) =>
      setItems((before) => {
        const known = new Set(before.map((entry) => entry.id));
        return [...before, ...page.items.filter((entry) => !known.has(entry.id))];
      }),
    );
  };

  /** Puts the voided entry, its reversal and its correction in place, without reading the list again. */
  const placeCorrected = (answer: Corrected) => {
    const added = [answer.transaction, answer.reversal, ...(answer.correction ? [answer.correction] : [])];
    setItems((before) => {
      const last = before.at(-1);
      const byId = new Map(before.map((entry) => [entry.id, entry]));
      for (const entry of added) {
        // An entry beyond the last one loaded comes with a later page.
        if (byId.has(entry.id) || !next || !last || sortKey(entry) > sortKey(last)) byId.set(entry.id, entry);
      }
      return [...byId.values()].sort(latestFirst);
    });
  };

  const byId = new Map(items.map((entry) => [entry.id, entry]));
  // A reversal is shown under the entry it cancels when that one is loaded.
  const rows = items.filter((entry) => !(entry.reverses && byId.has(entry.reverses)));

  return (
    <>
      {items.length === 0 && !loading && !error && <p className="muted">{t("purchases.none")}</p>}
      <ul className="list purchase-list">
        {rows.map((entry) => {
          const reversal = entry.voided ? byId.get(entry.voided.reversalId) : undefined;
          return (
            <Fragment key={entry.id}>
              <Entry
                entry={entry}
                original={entry.corrects ? byId.get(entry.corrects) : undefined}
                format={format}
                onAct={() => setActing(entry)}
              />
              {reversal && <Entry entry={reversal} format={format} />}
            </Fragment>
          );
        })}
      </ul>
      <FormError error={error} />
      {next && (
        <button type="button" className="secondary" disabled={loading} onClick={() => void more()}>
          {loading ? t("common.loading") : t("purchaseList.more")}
        </button>
      )}
      {acting && (
        <EntrySheet
          entry={acting}
          format={format}
          onClose={() => setActing(null)}
          onDone={async (answer) => {
            setActing(null);
            placeCorrected(answer);
            await onChanged();
          }}
          onStale={async () => {
            await load(Math.min(100, Math.max(PAGE, shown.current)));
          }}
        />
      )}
    </>
  );
}

/** The entry's kind and amount as the reader sees them: a refund, or a reversal of a purchase, takes money off. */
function entryLine(entry: Transaction, format: Format, t: (key: MessageKey) => string) {
  const outgoing = entry.reverses ? entry.kind === "purchase" : entry.kind === "refund";
  return {
    kind: entry.reverses ? t("purchaseList.reversal") : t(`purchases.kind.${entry.kind}` as MessageKey),
    amount: `${outgoing ? "−" : entry.reverses ? "+" : ""}${format.money(entry.amount, entry.currency)}`,
    outgoing,
  };
}

function Entry({
  entry,
  original,
  format,
  onAct,
}: {
  entry: Transaction;
  /** For a corrected entry: the one it replaces, when loaded. */
  original?: Transaction;
  format: Format;
  onAct?: () => void;
}) {
  const { t } = useI18n();
  const line = entryLine(entry, format, t);
  const when = format.dateTime(entry.occurredAt);
  const inForce = !entry.voided && !entry.reverses;
  const note = entry.voided
    ? t("purchaseList.voidedBy", {
        date: format.dateTime(entry.voided.at),
        name: entry.voided.byName,
        reason: entry.voided.reason,
      })
    : entry.reverses
      ? t("purchaseList.reversalNote", { date: format.dateTime(entry.createdAt) })
      : entry.corrects
        ? original
          ? t("purchaseList.correction", { date: format.dateTime(original.occurredAt) })
          : t("purchaseList.correctionShort")
        : undefined;
  const state = entry.voided ? " voided" : entry.reverses ? " reversal" : entry.corrects ? " correction" : "";
  return (
    <li className={`transaction purchase-entry${state}`} data-entry={entry.id}>
      <span className="when">{when}</span>
      <span className="muted">{line.kind}</span>
      <strong className={line.outgoing ? "refund" : entry.kind}>
        {entry.voided ? <s>{line.amount}</s> : line.amount}
      </strong>
      {inForce && onAct ? (
        <button
          type="button"
          className="icon-button entry-actions"
          aria-label={t("purchaseList.actions", { kind: line.kind, amount: line.amount, date: when })}
          onClick={onAct}
        >
          ⋯
        </button>
      ) : (
        <span />
      )}
      {note && <small className="entry-note">{note}</small>}
    </li>
  );
}

/** The sheet of one entry: void it with a reason, or correct it. */
function EntrySheet({
  entry,
  format,
  onClose,
  onDone,
  onStale,
}: {
  entry: Transaction;
  format: Format;
  onClose: () => void;
  onDone: (answer: Corrected) => Promise<void>;
  /** The entry was voided meanwhile: show the list as it is now. */
  onStale: () => Promise<void>;
}) {
  const { t } = useI18n();
  const [mode, setMode] = useState<"choose" | "void" | "correct">("choose");
  const line = entryLine(entry, format, t);
  const title =
    mode === "void"
      ? t("purchaseList.voidTitle")
      : mode === "correct"
        ? t("purchaseList.correctTitle")
        : t("purchaseList.entryTitle");
  return (
    <Sheet title={title} onClose={onClose}>
      <p className="entry-summary">
        <strong>
          {line.kind} {line.amount}
        </strong>{" "}
        · {format.dateTime(entry.occurredAt)}
        {entry.channel && ` · ${entry.channel}`}
        {entry.externalRef && ` · ${entry.externalRef}`}
      </p>
      {mode === "choose" && (
        <>
          <p className="muted">{t("purchaseList.entryLead")}</p>
          <div className="actions">
            <button type="button" className="danger" onClick={() => setMode("void")}>
              {t("purchaseList.void")}
            </button>
            <button type="button" className="secondary" onClick={() => setMode("correct")}>
              {t("purchaseList.correct")}
            </button>
          </div>
        </>
      )}
      {mode !== "choose" && (
        <CorrectionForm
          entry={entry}
          format={format}
          voidOnly={mode === "void"}
          onDone={onDone}
          onStale={onStale}
        />
      )}
    </Sheet>
  );
}

/** What is wrong with an entry's amount or time as typed, in the reader's words. */
export type EntryChecks = { amount?: string; when?: string };

/**
 * An entry's amount and time as typed: the amount in minor units (written as
 * people write money, "¥1,299.50", read as the import reads it), the instant
 * on the company's clock, and `check()` for what is wrong with them.
 */
export function useTypedEntry(typed: { amount: string; when: string }, currency: string) {
  const { t } = useI18n();
  const format = useFormat();
  const amount = parseAmount(typed.amount, currency);
  const occurredAt = format.fromWallTime(typed.when);
  const check = (): EntryChecks => ({
    ...(!typed.amount.trim()
      ? { amount: t("purchases.amountRequired") }
      : amount === undefined
        ? { amount: t("purchases.amountInvalid", { example: format.money(129_950, currency) }) }
        : amount <= 0 && { amount: t("purchases.amountPositive") }),
    ...(!occurredAt && { when: t("purchases.whenRequired") }),
  });
  return { amount, occurredAt, check };
}

function CorrectionForm({
  entry,
  format,
  voidOnly,
  onDone,
  onStale,
}: {
  entry: Transaction;
  format: Format;
  voidOnly: boolean;
  onDone: (answer: Corrected) => Promise<void>;
  onStale: () => Promise<void>;
}) {
  const { t } = useI18n();
  const digits = minorDigits(entry.currency);
  // One key per sheet: a retry on a bad network voids once.
  const [idempotencyKey] = useState(newRequestId);
  const [form, setForm] = useState(() => ({
    reason: "",
    kind: entry.kind as string,
    amount: (entry.amount / 10 ** digits).toFixed(digits),
    when: format.toWallTime(entry.occurredAt),
  }));
  const [checks, setChecks] = useState<EntryChecks>({});
  const { error, busy, run } = useAction();
  const { amount, occurredAt, check } = useTypedEntry(form, entry.currency);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const found = voidOnly ? {} : check();
    setChecks(found);
    if (found.amount || found.when) return;
    return run(async () => {
      // Only what differs is sent: the rest of the entry is kept.
      const change = voidOnly
        ? {}
        : {
            ...(form.kind !== entry.kind && { kind: form.kind }),
            ...(amount !== entry.amount && { amount }),
            ...(occurredAt && Date.parse(occurredAt) !== Date.parse(entry.occurredAt) && { occurredAt }),
          };
      try {
        const answer = await request<Corrected>(
          "POST",
          `/customers/${entry.customerId}/transactions/${entry.id}/${voidOnly ? "void" : "correct"}`,
          { idempotencyKey, body: { reason: form.reason, ...change } },
        );
        await onDone(answer.data);
      } catch (failure) {
        if (failure instanceof ApiError && failure.problem.status === 409) await onStale();
        throw failure;
      }
    });
  };
  const errors = (field: string) => fieldErrorsUnder(error, field);
  const fieldShown = ["reason", ...(voidOnly ? [] : ["kind", "amount", "occurredAt"])];
  const unshown =
    error instanceof ApiError &&
    (error.problem.errors ?? []).every(
      (problem) => !fieldShown.some((field) => problem.path.startsWith(field)),
    );
  return (
    <form onSubmit={submit} noValidate>
      {!voidOnly && (
        <>
          <SelectField
            label={t("customer.field.kind")}
            name="kind"
            value={form.kind}
            onChange={(e) => setForm({ ...form, kind: e.target.value })}
            error={errors("kind")}
          >
            <option value="purchase">{t("purchases.kind.purchase")}</option>
            <option value="refund">{t("purchases.kind.refund")}</option>
          </SelectField>
          <TextField
            label={t("purchases.amount", { currency: format.currencySign(entry.currency) })}
            name="amount"
            inputMode="decimal"
            autoComplete="off"
            value={form.amount}
            onChange={(e) => setForm({ ...form, amount: e.target.value })}
            error={checks.amount ? [checks.amount] : errors("amount")}
            hint={amount !== undefined && amount > 0 ? format.money(amount, entry.currency) : ""}
          />
          <TextField
            label={t("purchases.when")}
            name="when"
            type="datetime-local"
            value={form.when}
            onChange={(e) => setForm({ ...form, when: e.target.value })}
            error={checks.when ? [checks.when] : errors("occurredAt")}
            hint={t("purchases.whenZone", { zone: format.zone() })}
          />
        </>
      )}
      <TextField
        label={t("purchaseList.reason")}
        name="reason"
        autoComplete="off"
        value={form.reason}
        onChange={(e) => setForm({ ...form, reason: e.target.value })}
        error={errors("reason")}
        hint={t("purchaseList.reasonHint")}
      />
      <FormError error={error && (unshown || !(error instanceof ApiError)) ? error : null} />
      <button type="submit" className={voidOnly ? "danger" : "primary"} disabled={busy}>
        {voidOnly ? t("purchaseList.confirmVoid") : t("purchaseList.saveCorrection")}
      </button>
    </form>
  );
}

/** A void or a correction as the customer's history tells it. */
export function CorrectionHistoryText({ change }: { change: CustomerChange }) {
  const { t } = useI18n();
  const format = useFormat();
  const record = change.transaction;
  if (!record) return null;
  const kind = (of: Transaction["kind"]) => t(`purchases.kind.${of}` as MessageKey);
  const vars = {
    kind: kind(record.kind),
    amount: format.money(record.amount, record.currency),
    date: format.dateTime(record.occurredAt),
    reason: record.reason,
  };
  const correction = record.correction;
  return (
    <p>
      {change.action === "transaction-corrected" && correction
        ? t("customer.transaction-corrected", {
            ...vars,
            newKind: kind(correction.kind),
            newAmount: format.money(correction.amount, record.currency),
            newDate: format.dateTime(correction.occurredAt),
          })
        : t("customer.transaction-voided", vars)}
    </p>
  );
}
