import type { Customer, CustomerScore } from "@crm/domain";
import { request } from "../api";
import { type MessageKey, useI18n } from "../i18n";
import type { Me } from "../me";
import { Link } from "../router";
import { useSegmentName } from "./analytics-charts";
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
  const settings = me.tenant.settings;
  const segmentName = useSegmentName(settings.scoring.segments);
  const score = customer.score;
  const currency = customer.purchases.currency;
  return (
    <section className="card score">
      <h2>{t("score.title")}</h2>
      {!score ? (
        <p className="muted">{t("score.none")}</p>
      ) : (
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
          <p className="muted">{t("score.asOf", { date: score.asOf })}</p>
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
