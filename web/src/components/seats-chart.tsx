import { ROLES } from "@crm/domain/constants";
import { useFormat } from "../format";
import { useI18n } from "../i18n";

export type SeatSnapshot = {
  date: string;
  seats: { active: Record<(typeof ROLES)[number], number>; invited: number; deactivated: number };
};

const COLORS = { admin: "#5b21b6", manager: "#0e7490", rep: "#1d4ed8" } as const;

/** Active seats per night, stacked by role, oldest on the left: how the team grew. */
export function SeatsChart({ snapshots }: { snapshots: SeatSnapshot[] }) {
  const { t } = useI18n();
  const format = useFormat();
  const nights = [...snapshots].reverse();
  const total = (night: SeatSnapshot) => ROLES.reduce((sum, role) => sum + night.seats.active[role], 0);
  const most = Math.max(1, ...nights.map(total));
  const width = 320;
  const height = 120;
  const step = width / Math.max(nights.length, 1);
  const bar = Math.max(4, Math.min(24, step - 3));
  const latest = nights.at(-1);
  return (
    <figure className="chart">
      <figcaption>
        {t("home.seatsTitle")}
        {latest &&
          ` · ${t("home.seatsLatest", { count: String(total(latest)), date: format.date(latest.date) })}`}
      </figcaption>
      <svg viewBox={`0 0 ${width} ${height + 36}`} role="img" aria-label={t("home.seatsTitle")}>
        {nights.map((night, index) => {
          let y = height;
          return (
            <g key={night.date}>
              {ROLES.map((role) => {
                const h = (night.seats.active[role] / most) * (height - 10);
                y -= h;
                return (
                  <rect
                    key={role}
                    x={index * step + (step - bar) / 2}
                    y={y}
                    width={bar}
                    height={h}
                    fill={COLORS[role]}
                  />
                );
              })}
            </g>
          );
        })}
        <g transform={`translate(0 ${height + 18})`} fontSize="11" fill="#475569">
          {ROLES.map((role, index) => (
            <g key={role} transform={`translate(${index * 100} 0)`}>
              <rect width={10} height={10} fill={COLORS[role]} rx={2} />
              <text x={14} y={9}>
                {t(`role.${role}`)}
              </text>
            </g>
          ))}
        </g>
      </svg>
    </figure>
  );
}
