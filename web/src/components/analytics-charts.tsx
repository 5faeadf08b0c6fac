import type { ScoringSummary } from "@crm/domain";
import { type MessageKey, useI18n } from "../i18n";
import { Link } from "../router";
import { useMoney } from "./purchases";

/** A segment's name: the admin's own, else the translated default, else its key. */
export function useSegmentName(segments: Array<{ key: string; name?: string }>) {
  const { t } = useI18n();
  return (key: string) => {
    const custom = segments.find((segment) => segment.key === key)?.name;
    if (custom) return custom;
    if (key === "none") return t("analytics.noSegment");
    const translated = t(`segment.${key}` as MessageKey);
    return translated || key;
  };
}

const heat = (share: number) => `rgba(29, 78, 216, ${(0.08 + 0.85 * share).toFixed(3)})`;

/** The RFM grid: recency down (5 = most recent at the top), frequency across; darker holds more revenue. */
export function RfmHeatMap({ grid, currency }: { grid: ScoringSummary["grid"]; currency: string }) {
  const { t } = useI18n();
  const money = useMoney();
  const most = Math.max(1, ...grid.flat().map((cell) => cell.revenue));
  const size = 60;
  const left = 34;
  const top = 8;
  return (
    <figure className="chart">
      <figcaption>{t("analytics.gridCaption")}</figcaption>
      <svg
        viewBox={`0 0 ${left + size * 5 + 4} ${top + size * 5 + 34}`}
        role="img"
        aria-label={t("analytics.gridCaption")}
      >
        {[5, 4, 3, 2, 1].map((r, row) =>
          [1, 2, 3, 4, 5].map((f, column) => {
            const cell = grid[r - 1]?.[f - 1] ?? { customers: 0, revenue: 0 };
            const x = left + column * size;
            const y = top + row * size;
            const dark = cell.revenue / most > 0.5;
            return (
              <g key={`${r}${f}`}>
                <rect
                  x={x + 1}
                  y={y + 1}
                  width={size - 2}
                  height={size - 2}
                  rx={6}
                  fill={heat(cell.revenue / most)}
                >
                  <title>{`R${r} F${f}: ${cell.customers} · ${money(cell.revenue, currency)}`}</title>
                </rect>
                <text
                  x={x + size / 2}
                  y={y + size / 2 + 5}
                  textAnchor="middle"
                  fontSize="15"
                  fontWeight="600"
                  fill={dark ? "#fff" : "#0f172a"}
                >
                  {cell.customers}
                </text>
              </g>
            );
          }),
        )}
        {[5, 4, 3, 2, 1].map((r, row) => (
          <text
            key={r}
            x={left - 8}
            y={top + row * size + size / 2 + 4}
            textAnchor="end"
            fontSize="12"
            fill="#475569"
          >
            R{r}
          </text>
        ))}
        {[1, 2, 3, 4, 5].map((f, column) => (
          <text
            key={f}
            x={left + column * size + size / 2}
            y={top + size * 5 + 16}
            textAnchor="middle"
            fontSize="12"
            fill="#475569"
          >
            F{f}
          </text>
        ))}
        <text
          x={left + (size * 5) / 2}
          y={top + size * 5 + 31}
          textAnchor="middle"
          fontSize="11"
          fill="#64748b"
        >
          {t("analytics.gridAxes")}
        </text>
      </svg>
    </figure>
  );
}

/** Horizontal bars, one per row, labelled on the left and valued on the right; each row may link. */
export function Bars({
  rows,
  caption,
}: {
  rows: Array<{ key: string; label: string; value: number; shown: string; href?: string; color?: string }>;
  caption: string;
}) {
  const most = Math.max(1, ...rows.map((row) => row.value));
  return (
    <figure className="chart bars">
      <figcaption>{caption}</figcaption>
      <ul>
        {rows.map((row) => {
          const body = (
            <>
              <span className="bar-label">{row.label}</span>
              <span className="bar-track">
                <span
                  className="bar-fill"
                  style={{
                    width: `${((row.value / most) * 100).toFixed(1)}%`,
                    ...(row.color && { background: row.color }),
                  }}
                />
              </span>
              <span className="bar-value">{row.shown}</span>
            </>
          );
          return (
            <li key={row.key}>
              {row.href ? <Link href={row.href}>{body}</Link> : <span className="bar-row">{body}</span>}
            </li>
          );
        })}
      </ul>
    </figure>
  );
}

/** The Pareto curve: the share of revenue (up) held by the top share of customers (across), with the A/B cut-offs. */
export function ParetoChart({
  abc,
  cutoffs,
}: {
  abc: ScoringSummary["abc"];
  cutoffs: { aShare: number; bShare: number };
}) {
  const { t } = useI18n();
  const width = 320;
  const height = 186;
  // Room on the right for half of the "100%" under the last tick: the label is centred on it.
  const pad = { left: 36, bottom: 28, top: 8, right: 18 };
  const x = (share: number) => pad.left + share * (width - pad.left - pad.right);
  const y = (share: number) => pad.top + (1 - share) * (height - pad.top - pad.bottom);
  const points = [{ customers: 0, share: 0 }, ...abc.pareto];
  const path = points
    .map((point, i) => `${i === 0 ? "M" : "L"}${x(point.customers).toFixed(1)},${y(point.share).toFixed(1)}`)
    .join(" ");
  const top20 = abc.pareto.find((point) => Math.abs(point.customers - 0.2) < 1e-6);
  return (
    <figure className="chart">
      <figcaption>
        {t("analytics.paretoCaption")}
        {top20 && ` · ${t("analytics.top20", { share: `${Math.round(top20.share * 100)}%` })}`}
      </figcaption>
      <svg viewBox={`0 0 ${width} ${height}`} role="img" aria-label={t("analytics.paretoCaption")}>
        {[0, 0.25, 0.5, 0.75, 1].map((tick) => (
          <g key={tick}>
            <line x1={pad.left} x2={width - pad.right} y1={y(tick)} y2={y(tick)} stroke="#e2e8f0" />
            <text x={pad.left - 4} y={y(tick) + 4} textAnchor="end" fontSize="10" fill="#64748b">
              {Math.round(tick * 100)}%
            </text>
            <text x={x(tick)} y={height - 14} textAnchor="middle" fontSize="10" fill="#64748b">
              {Math.round(tick * 100)}%
            </text>
          </g>
        ))}
        {[cutoffs.aShare, cutoffs.bShare].map((cut, i) => (
          <g key={cut}>
            <line
              x1={pad.left}
              x2={width - pad.right}
              y1={y(cut)}
              y2={y(cut)}
              stroke={i === 0 ? "#16a34a" : "#ca8a04"}
              strokeDasharray="4 3"
            />
            <text x={pad.left + 4} y={y(cut) - 3} fontSize="10" fill={i === 0 ? "#166534" : "#854d0e"}>
              {i === 0 ? "A" : "B"} {Math.round(cut * 100)}%
            </text>
          </g>
        ))}
        <path d={path} fill="none" stroke="#1d4ed8" strokeWidth="2.5" />
        {/* Its descenders (the g of "largest") stay inside the frame too. */}
        <text x={(width + pad.left) / 2} y={height - 4} textAnchor="middle" fontSize="10" fill="#475569">
          {t("analytics.paretoAxis")}
        </text>
      </svg>
    </figure>
  );
}

/** Columns: the average predicted value in each tenth of the customers, lowest tenth on the left. */
export function DecileChart({
  deciles,
  currency,
}: {
  deciles: ScoringSummary["clvDeciles"];
  currency: string;
}) {
  const { t } = useI18n();
  const money = useMoney();
  const width = 320;
  const height = 150;
  const most = Math.max(1, ...deciles.map((decile) => decile.average));
  const step = (width - 8) / Math.max(deciles.length, 1);
  const top = deciles.at(-1);
  return (
    <figure className="chart">
      <figcaption>
        {t("analytics.clvCaption")}
        {top && top.customers > 0 && ` · ${t("analytics.clvTop", { value: money(top.average, currency) })}`}
      </figcaption>
      <svg viewBox={`0 0 ${width} ${height + 20}`} role="img" aria-label={t("analytics.clvCaption")}>
        {deciles.map((decile, i) => {
          const h = (decile.average / most) * (height - 10);
          return (
            <g key={decile.group}>
              <rect
                x={4 + i * step + 3}
                y={height - h}
                width={step - 6}
                height={h}
                rx={3}
                fill={i >= 8 ? "#1d4ed8" : "#93c5fd"}
              >
                <title>{`${decile.group}: ${money(decile.average, currency)} × ${decile.customers}`}</title>
              </rect>
              <text
                x={4 + i * step + step / 2}
                y={height + 14}
                textAnchor="middle"
                fontSize="10"
                fill="#64748b"
              >
                {decile.group}
              </text>
            </g>
          );
        })}
      </svg>
    </figure>
  );
}

/** Segment to segment between two nights: rows are where customers were, columns where they are. */
export function MigrationMatrix({
  cells,
  segments,
  name,
}: {
  cells: Array<{ from: string; to: string; customers: number }>;
  segments: string[];
  name: (key: string) => string;
}) {
  const { t } = useI18n();
  const used = (side: "from" | "to") =>
    [...segments, "none"].filter((key) => cells.some((cell) => cell[side] === key && cell.customers > 0));
  const rows = used("from");
  const columns = used("to");
  const most = Math.max(1, ...cells.map((cell) => cell.customers));
  const count = (from: string, to: string) =>
    cells.find((cell) => cell.from === from && cell.to === to)?.customers ?? 0;
  return (
    <section className="matrix" aria-label={t("analytics.migrationCaption")}>
      <table>
        <thead>
          <tr>
            <th scope="col">{t("analytics.migrationCorner")}</th>
            {columns.map((to) => (
              <th key={to} scope="col">
                {name(to)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((from) => (
            <tr key={from}>
              <th scope="row">{name(from)}</th>
              {columns.map((to) => {
                const customers = count(from, to);
                return (
                  <td
                    key={to}
                    style={{
                      background: customers ? heat(customers / most) : undefined,
                      color: customers / most > 0.5 ? "#fff" : undefined,
                    }}
                    className={from === to ? "stay" : undefined}
                  >
                    {customers || ""}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
