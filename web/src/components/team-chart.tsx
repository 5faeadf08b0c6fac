import type { User } from "@crm/domain";
import { ROLES } from "@crm/domain/constants";
import { useI18n } from "../i18n";

const COLORS = { active: "#1d4ed8", invited: "#93c5fd" } as const;

/** Horizontal bars of people per role, active and still invited, so an admin sees the team at a glance. */
export function TeamChart({ users }: { users: User[] }) {
  const { t } = useI18n();
  const rows = ROLES.map((role) => {
    const inRole = users.filter((user) => user.role === role && user.active);
    return {
      role,
      active: inRole.filter((user) => user.status === "active").length,
      invited: inRole.filter((user) => user.status === "invited").length,
    };
  });
  const most = Math.max(1, ...rows.map((row) => row.active + row.invited));
  const width = 320;
  const labelWidth = 90;
  const barSpace = width - labelWidth - 30;
  return (
    <figure className="chart">
      <figcaption>{t("home.chartTitle")}</figcaption>
      <svg viewBox={`0 0 ${width} ${rows.length * 34 + 24}`} role="img" aria-label={t("home.chartTitle")}>
        {rows.map((row, index) => {
          const y = index * 34 + 4;
          const activeWidth = (row.active / most) * barSpace;
          const invitedWidth = (row.invited / most) * barSpace;
          return (
            <g key={row.role}>
              <text x={0} y={y + 17} fontSize="13" fill="#334155">
                {t(`role.${row.role}`)}
              </text>
              <rect x={labelWidth} y={y + 4} width={activeWidth} height={20} rx={4} fill={COLORS.active} />
              <rect
                x={labelWidth + activeWidth}
                y={y + 4}
                width={invitedWidth}
                height={20}
                rx={4}
                fill={COLORS.invited}
              />
              <text x={labelWidth + activeWidth + invitedWidth + 6} y={y + 19} fontSize="13" fill="#0f172a">
                {row.active + row.invited}
              </text>
            </g>
          );
        })}
        <g transform={`translate(0 ${rows.length * 34 + 8})`} fontSize="11" fill="#475569">
          <rect width={10} height={10} fill={COLORS.active} rx={2} />
          <text x={14} y={9}>
            {t("status.active")}
          </text>
          <rect x={80} width={10} height={10} fill={COLORS.invited} rx={2} />
          <text x={94} y={9}>
            {t("status.invited")}
          </text>
        </g>
      </svg>
    </figure>
  );
}
