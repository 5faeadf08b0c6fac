import type { Customer, ExportFilter } from "@crm/domain";
import { LIFECYCLE_STAGES } from "@crm/domain/constants";
import { useEffect, useState } from "react";
import { newRequestId, request } from "../api";
import { useSegmentName } from "../components/analytics-charts";
import { bodyOf, CustomerForm, draftOf } from "../components/customer-form";
import { CustomerRow } from "../components/customer-row";
import { ExportButton } from "../components/export-button";
import { FormError, ProgressBar } from "../components/form";
import { Sheet } from "../components/sheet";
import { type MessageKey, useI18n } from "../i18n";
import type { Me } from "../me";
import { Link, navigate } from "../router";

type Page = { items: Customer[]; nextCursor?: string };

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
export function CustomersPage({ canRestore, me }: { canRestore: boolean; me: Me }) {
  const { t } = useI18n();
  const [query, setQuery] = useState("");
  // "all", "mine" or a lifecycle stage; a tag, segment or churn band comes from the address (/customers?tag=vip).
  const [show, setShow] = useState(() => new URLSearchParams(window.location.search).get("stage") ?? "all");
  const [pinned, setPinned] = useState<Pinned>(pinnedFromAddress);
  const segmentName = useSegmentName(me.tenant.settings.scoring.segments);
  const [page, setPage] = useState<Page | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [creating, setCreating] = useState(false);

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
        .catch((failure) => current && setError(failure));
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
    setPage({ items: [...page.items, ...data.items], nextCursor: data.nextCursor });
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
          {canRestore && <option value="deleted">{t("customers.deleted")}</option>}
        </select>
      )}
      <FormError error={error} />
      {!page && !error && <ProgressBar label={t("common.loading")} />}
      {page && page.items.length === 0 && (
        <p className="muted">
          {query || pinned || show !== "all" ? t("customers.noMatch") : t("customers.empty")}
        </p>
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
                  await request("POST", `/customers/${customer.id}/restore`);
                  navigate(`/customers/${customer.id}`);
                }}
              >
                <span className="avatar" aria-hidden="true">
                  ↺
                </span>
                <span className="row-main">
                  <strong>{customer.name}</strong>
                  <small>{t("customers.restore", { name: "" })}</small>
                </span>
              </button>
            ) : (
              <CustomerRow
                customer={customer}
                line={customer.phones[0] ?? customer.emails[0] ?? t(`customer.kind.${customer.kind}`)}
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
      {canRestore && show !== "deleted" && (
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
