import type { Customer, ModelFit, ScoringRun, ScoringSummary } from "@crm/domain";
import { LIFECYCLE_STAGES } from "@crm/domain/constants";
import { useCallback, useEffect, useRef, useState } from "react";
import { ApiError, request } from "../api";
import {
  Bars,
  DecileChart,
  MigrationMatrix,
  ParetoChart,
  RfmHeatMap,
  useSegmentName,
} from "../components/analytics-charts";
import { CustomerRow } from "../components/customer-row";
import { FormError, Meter, ProgressBar } from "../components/form";
import { useMoney } from "../components/purchases";
import { showToast } from "../components/toast";
import { useFormat } from "../format";
import { type MessageKey, useI18n } from "../i18n";
import type { Me } from "../me";
import { Link } from "../router";
import { readScoringRun, startScoringRun } from "../scoring-runs";

type Analytics = {
  runId?: string;
  date?: string;
  finishedAt?: string;
  models?: ModelFit;
  segments: Array<{ key: string; name?: string }>;
  summary?: ScoringSummary;
};
type Migration = {
  from?: string;
  to?: string;
  nights: string[];
  segments: string[];
  cells: Array<{ from: string; to: string; customers: number }>;
};

const RISK_COLORS = { low: "#16a34a", medium: "#ca8a04", high: "#dc2626" } as const;

/** What the nightly scores say: who is worth what, who is slipping away, and how customers moved. */
export function AnalyticsPage({ me }: { me: Me }) {
  const { t } = useI18n();
  const money = useMoney();
  const format = useFormat();
  const currency = me.tenant.settings.currency;
  const [analytics, setAnalytics] = useState<Analytics | null>(null);
  const [ownOnly, setOwnOnly] = useState(false);
  const [atRisk, setAtRisk] = useState<Customer[] | null>(null);
  const [migration, setMigration] = useState<Migration | null>(null);
  const [nights, setNights] = useState<{ from?: string; to?: string }>({});
  const [run, setRun] = useState<ScoringRun | null>(null);
  /** The run "score now" started (or joined), to say when it is done. */
  const asked = useRef<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const isAdmin = me.user.role === "admin";
  const name = useSegmentName(analytics?.segments ?? me.tenant.settings.scoring.segments);

  const load = useCallback(async () => {
    try {
      const risky = await request<{ items: Customer[] }>("GET", "/customers?churnRisk=high&limit=10");
      setAtRisk(risky.data.items);
      const summary = await request<Analytics>("GET", "/analytics/summary");
      setAnalytics(summary.data);
      setOwnOnly(false);
    } catch (failure) {
      if (failure instanceof ApiError && failure.problem.status === 403) {
        setOwnOnly(true);
        setAnalytics({ segments: me.tenant.settings.scoring.segments });
      } else setError(failure);
    }
    if (me.user.role !== "rep") {
      const runs = await request<{ items: ScoringRun[] }>("GET", "/scoring/runs?limit=1").catch(() => null);
      setRun(runs?.data.items[0] ?? null);
    }
  }, [me]);
  useEffect(() => {
    void load();
  }, [load]);

  useEffect(() => {
    if (ownOnly || !analytics?.summary) return;
    const params = new URLSearchParams();
    if (nights.from) params.set("from", nights.from);
    if (nights.to) params.set("to", nights.to);
    request<Migration>("GET", `/analytics/migration?${params}`)
      .then(({ data }) => setMigration(data))
      .catch(setError);
  }, [ownOnly, analytics?.summary, nights]);

  // A run under way: follow its progress, then show its figures.
  const running = run && (run.status === "queued" || run.status === "fitting" || run.status === "scoring");
  /** A run seen in a new state: its figures once done; and, for the run asked for here, word that it ended. */
  const follow = useCallback(
    (next: ScoringRun) => {
      setRun(next);
      if (next.status === "done") void load();
      if (next.id !== asked.current || (next.status !== "done" && next.status !== "failed")) return;
      asked.current = null;
      showToast(
        next.status === "done"
          ? t("analytics.scored", { customers: String(next.progress.total) })
          : t("score.runFailed"),
      );
    },
    [load, t],
  );
  useEffect(() => {
    if (!running || !run) return;
    const timer = setInterval(async () => {
      follow(await readScoringRun(run.id));
    }, 1500);
    return () => clearInterval(timer);
  }, [running, run, follow]);

  async function scoreNow() {
    setError(null);
    try {
      // A run someone started a moment ago is followed instead.
      const started = await startScoringRun();
      asked.current = started.id;
      follow(started);
    } catch (failure) {
      setError(failure);
    }
  }

  const summary = analytics?.summary;
  const settings = me.tenant.settings.scoring;
  return (
    <div className="page">
      <h1>{t("analytics.title")}</h1>
      <FormError error={error} />
      {!analytics && !error && <ProgressBar label={t("common.loading")} />}
      {analytics && !ownOnly && (
        <section className="card">
          {analytics.date ? (
            <p className="lead">
              {t("analytics.asOf", { date: format.date(analytics.date) })}{" "}
              {analytics.models?.model === "bgnbd"
                ? t("analytics.modelFitted", { customers: String(analytics.models.sampled) })
                : t("analytics.modelFallback", {
                    reason: t(`analytics.reason.${analytics.models?.reason ?? "no-fit"}` as MessageKey),
                  })}
            </p>
          ) : (
            <p className="lead">{t("analytics.none")}</p>
          )}
          {run && running && (
            <Meter
              value={run.progress.done}
              max={Math.max(run.progress.total, 1)}
              label={
                run.status === "scoring"
                  ? t("analytics.scoring", {
                      done: String(run.progress.done),
                      total: String(run.progress.total),
                    })
                  : t("analytics.fitting")
              }
            />
          )}
          {isAdmin && !running && (
            <button type="button" className="button primary" onClick={() => void scoreNow()}>
              {t("analytics.scoreNow")}
            </button>
          )}
        </section>
      )}
      {summary && (
        <>
          <section className="card">
            <h2>{t("analytics.segments")}</h2>
            <Bars
              caption={t("analytics.segmentsCaption", { customers: String(summary.customers) })}
              rows={summary.segments
                .filter((segment) => segment.customers > 0)
                .map((segment) => ({
                  key: segment.key,
                  label: name(segment.key),
                  value: segment.customers,
                  shown: `${segment.customers} · ${money(segment.revenue, currency)}`,
                  href: `/customers?segment=${segment.key}`,
                }))}
            />
            <RfmHeatMap grid={summary.grid} currency={currency} />
          </section>
          <section className="card">
            <h2>{t("analytics.abc")}</h2>
            <ParetoChart abc={summary.abc} cutoffs={settings.abc} />
            <Bars
              caption={t("analytics.abcCaption", { months: String(settings.abc.windowMonths) })}
              rows={summary.abc.classes.map((entry) => ({
                key: entry.abc,
                label: t("analytics.class", { abc: entry.abc }),
                value: entry.revenue,
                shown: `${entry.customers} · ${money(entry.revenue, currency)}`,
              }))}
            />
          </section>
          <section className="card">
            <h2>{t("analytics.clv")}</h2>
            <DecileChart deciles={summary.clvDeciles} currency={currency} />
          </section>
        </>
      )}
      {analytics && (
        <section className="card">
          <h2>{t("analytics.churn")}</h2>
          {summary && (
            <Bars
              caption={t("analytics.churnCaption")}
              rows={summary.churn.map((band) => ({
                key: band.churnRisk,
                label: t(`churn.${band.churnRisk}`),
                value: band.customers,
                shown: `${band.customers} · ${money(band.value, currency)}`,
                href: `/customers?churnRisk=${band.churnRisk}`,
                color: RISK_COLORS[band.churnRisk],
              }))}
            />
          )}
          <h3>{t("analytics.atRisk")}</h3>
          {!atRisk && <ProgressBar label={t("common.loading")} />}
          {atRisk && atRisk.length === 0 && <p className="muted">{t("analytics.atRiskNone")}</p>}
          {atRisk && atRisk.length > 0 && (
            <ul className="list">
              {atRisk.map((customer) => (
                <li key={customer.id}>
                  <CustomerRow
                    customer={customer}
                    line={
                      customer.score &&
                      t("analytics.atRiskLine", {
                        value: money(customer.score.historicalValue, currency),
                        alive: `${Math.round(customer.score.probabilityAlive * 100)}%`,
                      })
                    }
                  />
                </li>
              ))}
            </ul>
          )}
        </section>
      )}
      {summary && (
        <section className="card">
          <h2>{t("analytics.stages")}</h2>
          <Bars
            caption={t("analytics.stagesCaption")}
            rows={LIFECYCLE_STAGES.map((stage) => ({
              key: stage,
              label: t(`customer.stage.${stage}`),
              value: summary.stages[stage],
              shown: String(summary.stages[stage]),
              href: `/customers?stage=${stage}`,
            }))}
          />
        </section>
      )}
      {summary && migration && (
        <section className="card">
          <h2>{t("analytics.migration")}</h2>
          {migration.nights.length < 2 ? (
            <p className="muted">{t("analytics.migrationOneNight")}</p>
          ) : (
            <>
              <div className="night-pickers">
                {(["from", "to"] as const).map((side) => (
                  <label key={side}>
                    {t(side === "from" ? "analytics.nightFrom" : "analytics.nightTo")}
                    <select
                      value={(side === "from" ? migration.from : migration.to) ?? ""}
                      onChange={(event) =>
                        setNights({ from: migration.from, to: migration.to, [side]: event.target.value })
                      }
                    >
                      {migration.nights.map((night) => (
                        <option key={night} value={night}>
                          {night}
                        </option>
                      ))}
                    </select>
                  </label>
                ))}
              </div>
              <MigrationMatrix cells={migration.cells} segments={migration.segments} name={name} />
              <p className="muted">{t("analytics.migrationHint")}</p>
            </>
          )}
        </section>
      )}
      {ownOnly && (
        <section className="card">
          <h2>{t("analytics.mySegments")}</h2>
          <ul className="list">
            {settings.segments.map((segment) => (
              <li key={segment.key}>
                <Link href={`/customers?segment=${segment.key}`}>{name(segment.key)}</Link>
              </li>
            ))}
          </ul>
        </section>
      )}
    </div>
  );
}
