import type { Customer, ExportFilter, SearchMatch } from "@crm/domain";
import { LIFECYCLE_STAGES, MAX_SEARCH_LENGTH } from "@crm/domain/constants";
import { useEffect, useState } from "react";
import { newRequestId, request } from "../api";
import { useSegmentName } from "../components/analytics-charts";
import { bodyOf, CustomerForm, draftOf } from "../components/customer-form";
import { CustomerRow } from "../components/customer-row";
import { ExportButton } from "../components/export-button";
import { FormError, ProgressBar } from "../components/form";
import { SelectionBar, useSelection, withOwners } from "../components/reassign-sheet";
import { Sheet } from "../components/sheet";
import { showToast } from "../components/toast";
import { useFormat } from "../format";
import { type MessageKey, useI18n } from "../i18n";
import type { Me } from "../me";
import { Link, navigate } from "../router";

/** A search says what found a customer when it was not the name. */
type Page = { items: Array<Customer & { match?: SearchMatch }>; nextCursor?: string };

/** A list the address chose (from a tag, or the analytics): a tag, an RFM segment or a churn-risk band. */
type Pinned = { by: "tag" | "segment" | "churnRisk"; value: string } | null;

function pinnedFromAddress(): Pinned {
  const params = new URLSearchParams(window.location.search);
  for (const by of ["tag", "segment", "churnRisk"] as const) {
    const value = params.get(by);
    if (value) return { by, value };
  }
  return null;
}

/** The list's query string: the name prefix plus one way of listing (a pinned list, mine, or a stage). */
function listParams(query: string, show: string, pinned: Pinned) {
  const params = new URLSearchParams();
  if (query && pinned?.by !== "segment" && pinned?.by !== "churnRisk") params.set("q", query);
  if (pinned) params.set(pinned.by, pinned.value);
  else if (show === "mine") params.set("owner", "me");
  else if (show === "deleted") params.set("deleted", "true");
  else if (show !== "all") params.set("stage", show);
  const text = params.toString();
  return text ? `&${text}` : "";
}

/** The list's filter as an export takes it. */
function exportFilter(query: string, show: string, pinned: Pinned): ExportFilter {
  if (pinned?.by === "segment") return { segment: pinned.value };
  if (pinned?.by === "churnRisk") return { churnRisk: pinned.value as ExportFilter["churnRisk"] };
  return {
    ...(query && { q: query }),
    ...(pinned?.by === "tag"
      ? { tag: pinned.value }
      : show === "mine"
        ? { owner: "me" }
        : show !== "all" && show !== "deleted"
          ? { stage: show as ExportFilter["stage"] }
          : {}),
  };
}

/** Customers by name, narrowed as the person types (a prefix search on the server). */
export function CustomersPage({ me }: { me: Me }) {
  const { t } = useI18n();
  // Admins and managers import and export; everyone has a Deleted view (a rep: their own customers).
  const canImport = me.user.role !== "rep";
  const format = useFormat();
  const [query, setQuery] = useState("");
  // "all", "mine" or a lifecycle stage; a tag, segment or churn band comes from the address (/customers?tag=vip).
  const [show, setShow] = useState(() => new URLSearchParams(window.location.search).get("stage") ?? "all");
  const [pinned, setPinned] = useState<Pinned>(pinnedFromAddress);
  const segmentName = useSegmentName(me.tenant.settings.scoring.segments);
  const [page, setPage] = useState<Page | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [creating, setCreating] = useState(false);
  const selection = useSelection(me);
  /** What a search found a customer by, when not its name: a phone or an email, its own or a contact's. */
  const matched = (match: SearchMatch) => {
    const value = match.field === "phones" ? format.phone(match.value) : match.value;
    return match.contact
      ? t("customers.matchedContact", { contact: match.contact.name, value })
      : t("customers.matched", { value });
  };

  useEffect(() => {
    let current = true;
    // Wait for a pause in typing; an older answer never replaces a newer one.
    const timer = setTimeout(() => {
      request<Page>("GET", `/customers?limit=30${listParams(query, show, pinned)}`)
        .then(({ data }) => {
          if (!current) return;
          setPage(data);
          setError(null);
        })
        .catch((failure) => {
          if (!current) return;
          // A search refused (too long, say) lists nothing: the customers above were found by another.
          setPage(null);
          setError(failure);
        });
    }, 200);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [query, show, pinned]);

  async function more() {
    if (!page?.nextCursor) return;
    const { data } = await request<Page>(
      "GET",
      `/customers?limit=30&cursor=${page.nextCursor}${listParams(query, show, pinned)}`,
    );
    // A search finds a name under several keys (张伟 by "zhangwei" and "zw"): a customer shown already stays once.
    const shown = new Set(page.items.map((customer) => customer.id));
    setPage({
      items: [...page.items, ...data.items.filter((customer) => !shown.has(customer.id))],
      nextCursor: data.nextCursor,
    });
  }

  return (
    <div className="page">
      <h1>{t("customers.title")}</h1>
      <input
        className="search"
        type="search"
        enterKeyHint="search"
        placeholder={t("customers.search")}
        aria-label={t("customers.search")}
        maxLength={MAX_SEARCH_LENGTH}
        value={query}
        onChange={(event) => setQuery(event.target.value)}
      />
      {pinned ? (
        <button
          type="button"
          className="chip"
          onClick={() => {
            setPinned(null);
            navigate("/customers", { replace: true });
          }}
          aria-label={t(pinned.by === "tag" ? "customers.clearTag" : "customers.clearFilter")}
        >
          {pinned.by === "tag"
            ? t("customers.tag", { tag: pinned.value })
            : pinned.by === "segment"
              ? t("customers.segment", { segment: segmentName(pinned.value) })
              : t("customers.churnRisk", { risk: t(`churn.${pinned.value}` as MessageKey) })}{" "}
          ×
        </button>
      ) : (
        <select
          className="filter"
          aria-label={t("customers.show")}
          value={show}
          onChange={(event) => setShow(event.target.value)}
        >
          <option value="all">{t("customers.all")}</option>
          <option value="mine">{t("customers.mine")}</option>
          {LIFECYCLE_STAGES.map((stage) => (
            <option key={stage} value={stage}>
              {t("customers.stage", { stage: t(`customer.stage.${stage}`) })}
            </option>
          ))}
          <option value="deleted">{t("customers.deleted")}</option>
        </select>
      )}
      <FormError error={error} />
      <SelectionBar
        selection={selection}
        me={me}
        items={show === "deleted" ? [] : (page?.items ?? [])}
        onReassigned={(changes) => setPage((before) => before && withOwners(before, changes))}
      />
      {!page && !error && <ProgressBar label={t("common.loading")} />}
      {page && page.items.length === 0 && (
        <p className="muted">
          {show === "deleted"
            ? t("customers.deletedNone")
            : query || pinned || show !== "all"
              ? t("customers.noMatch")
              : t("customers.empty")}
        </p>
      )}
      {page && page.items.length === 0 && canImport && !query && !pinned && show === "all" && (
        <Link className="button primary" href="/customers/import">
          {t("customers.importCta")}
        </Link>
      )}
      <ul className="list" aria-label={t("customers.title")}>
        {page?.items.map((customer) => (
          <li key={customer.id}>
            {show === "deleted" ? (
              <button
                type="button"
                className="row"
                aria-label={t("customers.restore", { name: customer.name })}
                onClick={async () => {
                  try {
                    await request("POST", `/customers/${customer.id}/restore`);
                  } catch (failure) {
                    setError(failure);
                    return;
                  }
                  navigate(`/customers/${customer.id}`);
                  showToast(t("customers.restored", { name: customer.name }));
                }}
              >
                <span className="avatar" aria-hidden="true">
                  ↺
                </span>
                <span className="row-main">
                  <strong>{customer.name}</strong>
                  <small>
                    {t("customers.deletedOn", {
                      date: format.dateTime((customer as Customer & { deletedAt: string }).deletedAt),
                    })}
                  </small>
                </span>
                <span className="badge">{t("customers.restoreShort")}</span>
              </button>
            ) : (
              <CustomerRow
                customer={customer}
                selection={selection.of(customer)}
                line={
                  (customer.match && matched(customer.match)) ??
                  (customer.phones[0] && format.phone(customer.phones[0])) ??
                  customer.emails[0] ??
                  t(`customer.kind.${customer.kind}`)
                }
                side={
                  <span className={`badge stage-${customer.lifecycleStage}`}>
                    {t(`customer.stage.${customer.lifecycleStage}`)}
                  </span>
                }
              />
            )}
          </li>
        ))}
      </ul>
      {page?.nextCursor && (
        <button type="button" className="secondary" onClick={more}>
          {t("customers.more")}
        </button>
      )}
      {/* Nothing to export on an empty list; an empty company gets the import above instead. */}
      {canImport && show !== "deleted" && page && page.items.length > 0 && (
        <section className="card bulk" aria-label={t("import.open")}>
          <Link className="button secondary" href="/customers/import">
            {t("import.title")}
          </Link>
          <ExportButton entity="customers" filter={exportFilter(query, show, pinned)} />
          <ExportButton entity="transactions" filter={exportFilter(query, show, pinned)} />
        </section>
      )}
      <button type="button" className="fab" onClick={() => setCreating(true)}>
        + {t("customers.new")}
      </button>
      {creating && <NewCustomerSheet onClose={() => setCreating(false)} />}
    </div>
  );
}

function NewCustomerSheet({ onClose }: { onClose: () => void }) {
  const { t } = useI18n();
  // One key per sheet: a double tap or a retry on a bad network makes one customer.
  const [idempotencyKey] = useState(newRequestId);
  return (
    <Sheet title={t("customers.new")} onClose={onClose}>
      <CustomerForm
        initial={draftOf()}
        onSubmit={async (draft) => {
          const { data } = await request<Customer>("POST", "/customers", {
            idempotencyKey,
            body: bodyOf(draft),
          });
          navigate(`/customers/${data.id}`);
        }}
      />
    </Sheet>
  );
}
