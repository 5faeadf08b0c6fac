import type { Customer, DirectoryEntry } from "@crm/domain";
import { useRef, useState } from "react";
import { newRequestId, request } from "../api";
import { useI18n } from "../i18n";
import type { Me } from "../me";
import { FormError, Meter } from "./form";
import { PeopleList } from "./owner-picker";
import { Sheet } from "./sheet";

type Result = {
  id: string;
  outcome: "reassigned" | "unchanged" | "failed";
  status?: number;
  version?: number;
};
type Tally = { moved: number; stale: number; failed: number };
/** What changed on each customer given: its owner and its version now. */
export type OwnerChanges = Map<string, Pick<Customer, "ownerId" | "version">>;

/** A page of customers with the changes made to them applied, so the rows show their new owner without a reload. */
export const withOwners = <P extends { items: Customer[] }>(page: P, changes: OwnerChanges): P => ({
  ...page,
  items: page.items.map((customer) => {
    const change = changes.get(customer.id);
    return change ? { ...customer, ...change } : customer;
  }),
});

/** Customers per request: small enough that the progress moves, and under the API's 100. */
const CHUNK = 20;

/**
 * Gives the customers chosen in a list to one person: pick them, confirm,
 * and watch the progress. Each part is sent with its own Idempotency-Key,
 * kept for a retry after a lost connection, which then moves nothing twice.
 */
function ReassignSheet({
  me,
  customers,
  onClose,
  onDone,
}: {
  me: Me;
  customers: Customer[];
  onClose: () => void;
  onDone: (changes: OwnerChanges) => void;
}) {
  const { t } = useI18n();
  const changes = useRef<OwnerChanges>(new Map());
  const [owner, setOwner] = useState<DirectoryEntry | null>(null);
  const [running, setRunning] = useState(false);
  const [sent, setSent] = useState(0);
  const [tally, setTally] = useState<Tally>({ moved: 0, stale: 0, failed: 0 });
  const [error, setError] = useState<unknown>(null);
  const parts = useRef<Array<{ key: string; customers: Customer[] }>>([]);
  const started = parts.current.length > 0;
  const finished = started && sent === parts.current.length;
  const count = String(customers.length);
  const done = parts.current.slice(0, sent).reduce((sum, part) => sum + part.customers.length, 0);
  const ownerName = owner && (owner.id === me.user.id ? t("owner.you") : owner.name);

  async function run(chosen: DirectoryEntry, from: number) {
    setRunning(true);
    setError(null);
    for (let index = from; index < parts.current.length; index++) {
      const part = parts.current[index];
      if (!part) break;
      try {
        const { data } = await request<{ results: Result[] }>("POST", "/customers/reassign", {
          idempotencyKey: part.key,
          body: {
            ownerId: chosen.id,
            customers: part.customers.map(({ id, version }) => ({ id, version })),
          },
        });
        for (const result of data.results) {
          if (result.outcome !== "failed" && result.version !== undefined)
            changes.current.set(result.id, { ownerId: chosen.id, version: result.version });
        }
        setTally((before) => ({
          moved: before.moved + data.results.filter((result) => result.outcome !== "failed").length,
          stale: before.stale + data.results.filter((result) => result.status === 412).length,
          failed:
            before.failed +
            data.results.filter((result) => result.outcome === "failed" && result.status !== 412).length,
        }));
        setSent(index + 1);
      } catch (failure) {
        setError(failure);
        setRunning(false);
        return;
      }
    }
    setRunning(false);
  }

  function start() {
    if (!owner) return;
    parts.current = [];
    for (let at = 0; at < customers.length; at += CHUNK) {
      parts.current.push({ key: newRequestId(), customers: customers.slice(at, at + CHUNK) });
    }
    void run(owner, 0);
  }

  return (
    <Sheet
      title={t("reassign.title", { count })}
      onClose={running ? () => {} : finished ? () => onDone(changes.current) : onClose}
    >
      {!owner && <PeopleList me={me} onPick={setOwner} />}
      {owner && !started && (
        <>
          <p>{t("reassign.confirmLead", { count, name: ownerName ?? "" })}</p>
          <button type="button" className="primary" onClick={start}>
            {t("reassign.confirm", { count, name: ownerName ?? "" })}
          </button>
          <button type="button" className="secondary" onClick={() => setOwner(null)}>
            {t("reassign.otherOwner")}
          </button>
        </>
      )}
      {owner && started && (
        <>
          <Meter
            value={done}
            max={customers.length}
            label={t("reassign.progress", { done: String(done), total: count })}
          />
          <FormError error={error} />
          {error !== null && !running && (
            <button type="button" className="primary" onClick={() => void run(owner, sent)}>
              {t("common.retry")}
            </button>
          )}
          {finished && (
            <div role="status">
              <p>{t("reassign.moved", { count: String(tally.moved), name: ownerName ?? "" })}</p>
              {tally.stale > 0 && (
                <p className="notice">{t("reassign.stale", { count: String(tally.stale) })}</p>
              )}
              {tally.failed > 0 && (
                <p className="notice">{t("reassign.failed", { count: String(tally.failed) })}</p>
              )}
              <button type="button" className="primary" onClick={() => onDone(changes.current)}>
                {t("reassign.done")}
              </button>
            </div>
          )}
        </>
      )}
    </Sheet>
  );
}

/** Which customers of a list are chosen, kept across searches and filters until done or cancelled. */
export function useSelection(me: Me) {
  const allowed = me.user.role !== "rep";
  const [selecting, setSelecting] = useState(false);
  const [chosen, setChosen] = useState<Map<string, Customer>>(() => new Map());
  const toggle = (customer: Customer) =>
    setChosen((before) => {
      const next = new Map(before);
      if (next.has(customer.id)) next.delete(customer.id);
      else next.set(customer.id, customer);
      return next;
    });
  return {
    /** Admins and managers reassign many at once. */
    allowed,
    selecting,
    chosen,
    start: () => setSelecting(true),
    stop: () => {
      setSelecting(false);
      setChosen(new Map());
    },
    selectAll: (customers: Customer[]) =>
      setChosen(
        (before) => new Map([...before, ...customers.map((customer) => [customer.id, customer] as const)]),
      ),
    /** What a row needs while selecting; undefined otherwise (the row is a link). */
    of: (customer: Customer) =>
      selecting ? { selected: chosen.has(customer.id), onToggle: () => toggle(customer) } : undefined,
  };
}

/**
 * A list's selection mode: a Select button, then a bar above the tabs (where
 * the thumb is) with the count, Select all and Change owner.
 */
export function SelectionBar({
  selection,
  me,
  items,
  onReassigned,
}: {
  selection: ReturnType<typeof useSelection>;
  me: Me;
  /** The customers the list shows now. */
  items: Customer[];
  onReassigned: (changes: OwnerChanges) => void;
}) {
  const { t } = useI18n();
  const [open, setOpen] = useState(false);
  if (!selection.allowed || (!selection.selecting && items.length === 0)) return null;
  if (!selection.selecting) {
    return (
      <button type="button" className="small secondary select-toggle" onClick={selection.start}>
        {t("reassign.select")}
      </button>
    );
  }
  const count = String(selection.chosen.size);
  return (
    <>
      <div className="selection-bar" role="toolbar" aria-label={t("reassign.selected", { count })}>
        <div className="selection-line">
          <strong aria-live="polite">{t("reassign.selected", { count })}</strong>
          <button type="button" className="small" onClick={() => selection.selectAll(items)}>
            {t("reassign.selectAll")}
          </button>
          <button type="button" className="small" onClick={selection.stop}>
            {t("reassign.cancel")}
          </button>
        </div>
        <button
          type="button"
          className="primary"
          disabled={selection.chosen.size === 0}
          onClick={() => setOpen(true)}
        >
          {t("reassign.open")}
        </button>
      </div>
      {open && (
        <ReassignSheet
          me={me}
          customers={[...selection.chosen.values()]}
          onClose={() => setOpen(false)}
          onDone={(changes) => {
            setOpen(false);
            selection.stop();
            onReassigned(changes);
          }}
        />
      )}
    </>
  );
}
