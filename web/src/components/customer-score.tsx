import type { Customer, CustomerScore, ScoringRun } from "@crm/domain";
import { useEffect, useState } from "react";
import { request } from "../api";
import { useFormat } from "../format";
import { type MessageKey, useI18n } from "../i18n";
import type { Me } from "../me";
import { Link } from "../router";
import { readScoringRun, startScoringRun } from "../scoring-runs";
import { useSegmentName } from "./analytics-charts";
import { FormError, Meter } from "./form";
import { useMoney } from "./purchases";

const DAY = 86_400_000;

/** Today's date in the company's time zone. */
function today(timeZone: string) {
  return new Intl.DateTimeFormat("en-CA", {
    timeZone,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
  }).format(new Date());
}

/**
 * The night's scores in words, then the figures behind them: "Top 20% of
 * revenue · last purchase 12 days ago · 87% likely still active · predicted
 * ¥3,200 in the next 12 months".
 */
export function explainScore(
  score: CustomerScore,
  options: {
    t: (key: MessageKey, vars?: Record<string, string>) => string;
    money: (minor: number) => string;
    today: string;
    horizonMonths: number;
  },
): string {
  const { t } = options;
  const days = Math.max(0, Math.round((Date.parse(options.today) - Date.parse(score.inputs.lastDay)) / DAY));
  const parts = [
    ...(score.revenueTop <= 0.5
      ? [t("score.top", { share: `${Math.max(1, Math.round(score.revenueTop * 100))}%` })]
      : []),
    days === 0 ? t("score.lastPurchaseToday") : t("score.lastPurchase", { days: String(days) }),
    score.inputs.purchaseDays > 1
      ? t("score.alive", { share: `${Math.round(score.probabilityAlive * 100)}%` })
      : t("score.onePurchase"),
    t("score.predicted", {
      value: options.money(score.predictedValue),
      months: String(options.horizonMonths),
    }),
  ];
  return parts.join(" · ");
}

const finished = (run: ScoringRun) => run.status === "done" || run.status === "failed";

/**
 * A customer who has bought but was not scored yet (the first night has not
 * come): says so, and lets an admin score every customer now, following the
 * run until the scores are there.
 */
function NotScoredYet({ canScore, onScored }: { canScore: boolean; onScored: () => void }) {
  const { t } = useI18n();
  const [run, setRun] = useState<ScoringRun | null>(null);
  const [error, setError] = useState<unknown>(null);
  const running = run !== null && !finished(run);
  useEffect(() => {
    if (!run || !running) return;
    const timer = setInterval(async () => {
      const data = await readScoringRun(run.id);
      setRun(data);
      if (data.status === "done") onScored();
    }, 1000);
    return () => clearInterval(timer);
  }, [run, running, onScored]);

  async function scoreNow() {
    setError(null);
    try {
      // A run someone started a moment ago is followed instead.
      setRun(await startScoringRun());
    } catch (failure) {
      setError(failure);
    }
  }

  return (
    <>
      <p className="muted">{t(canScore ? "score.notYetAdmin" : "score.notYet")}</p>
      {running && (
        <Meter
          value={run.progress.done}
          max={Math.max(run.progress.total, 1)}
          label={
            run.status === "scoring"
              ? t("analytics.scoring", { done: String(run.progress.done), total: String(run.progress.total) })
              : t("analytics.fitting")
          }
        />
      )}
      {run?.status === "failed" && (
        <p className="form-error" role="alert">
          {t("score.runFailed")}
        </p>
      )}
      <FormError error={error} />
      {canScore && !running && (
        <button type="button" className="primary" onClick={() => void scoreNow()}>
          {t("score.scoreNow")}
        </button>
      )}
    </>
  );
}

export function CustomerScoreCard({
  customer,
  me,
  onChanged,
}: {
  customer: Customer;
  me: Me;
  onChanged: () => void;
}) {
  const { t } = useI18n();
  const money = useMoney();
  const format = useFormat();
  const settings = me.tenant.settings;
  const segmentName = useSegmentName(settings.scoring.segments);
  const score = customer.score;
  const currency = customer.purchases.currency;
  return (
    <section className="card score">
      <h2>{t("score.title")}</h2>
      {!score && customer.purchases.count === 0 && <p className="muted">{t("score.none")}</p>}
      {!score && customer.purchases.count > 0 && (
        <NotScoredYet canScore={me.user.role === "admin"} onScored={onChanged} />
      )}
      {score && (
        <>
          <p className="explain">
            {explainScore(score, {
              t,
              money: (minor) => money(minor, currency),
              today: today(settings.timeZone),
              horizonMonths: settings.scoring.clv.horizonMonths,
            })}
          </p>
          <dl className="facts">
            <dt>{t("score.segment")}</dt>
            <dd>
              <Link className="chip" href={`/customers?segment=${score.segment}`}>
                {segmentName(score.segment)}
              </Link>
            </dd>
            <dt>{t("score.rfm")}</dt>
            <dd>
              R{score.rfm.r} · F{score.rfm.f} · M{score.rfm.m}
            </dd>
            <dt>{t("score.abc")}</dt>
            <dd>{score.abc}</dd>
            <dt>{t("score.historical")}</dt>
            <dd>{money(score.historicalValue, currency)}</dd>
            <dt>{t("score.churn")}</dt>
            <dd>
              <Link
                className={`badge risk-${score.churnRisk}`}
                href={`/customers?churnRisk=${score.churnRisk}`}
              >
                {t(`churn.${score.churnRisk}`)}
              </Link>
            </dd>
            <dt>{t("score.model")}</dt>
            <dd>{t(score.model === "bgnbd" ? "score.model.bgnbd" : "score.model.fallback")}</dd>
          </dl>
          <p className="muted">{t("score.asOf", { date: format.date(score.asOf) })}</p>
        </>
      )}
      {customer.lifecycleStagePinned && (
        <button
          type="button"
          className="secondary"
          onClick={async () => {
            await request("PATCH", `/customers/${customer.id}`, {
              ifMatch: `"${customer.version}"`,
              body: { lifecycleStagePinned: false },
            });
            onChanged();
          }}
        >
          {t("customer.unpin")}
        </button>
      )}
    </section>
  );
}
