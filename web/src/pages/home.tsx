import type { User } from "@crm/domain";
import { useEffect, useState } from "react";
import { request } from "../api";
import { ProgressBar } from "../components/form";
import { type SeatSnapshot, SeatsChart } from "../components/seats-chart";
import { TeamChart } from "../components/team-chart";
import { useFormat } from "../format";
import { useI18n } from "../i18n";
import type { Me } from "../me";
import { Link } from "../router";

export function HomePage({ me }: { me: Me }) {
  const { t } = useI18n();
  const format = useFormat();
  const { user, tenant } = me;
  const isAdmin = user.role === "admin";
  const [team, setTeam] = useState<User[] | null>(null);
  const [seats, setSeats] = useState<SeatSnapshot[] | null>(null);
  useEffect(() => {
    if (!isAdmin) return;
    request<{ items: User[] }>("GET", "/users")
      .then(({ data }) => setTeam(data.items))
      .catch(() => setTeam(null));
    request<{ items: SeatSnapshot[] }>("GET", "/tenant/seats?days=30")
      .then(({ data }) => setSeats(data.items))
      .catch(() => setSeats(null));
  }, [isAdmin]);
  const settings = tenant.settings;
  return (
    <div className="page">
      <h1>{t("home.greeting", { name: user.name })}</h1>
      <p className="lead">{t(`home.youAre.${user.role}`, { company: settings.companyName })}</p>
      {isAdmin && !team && <ProgressBar label={t("common.loading")} />}
      {isAdmin && team && (
        <section className="card">
          <h2>{t("home.team")}</h2>
          {team.length > 1 ? <TeamChart users={team} /> : <p>{t("home.teamEmpty")}</p>}
          {seats &&
            (seats.length > 0 ? (
              <SeatsChart snapshots={seats} />
            ) : (
              <p className="muted">{t("home.seatsNone")}</p>
            ))}
          <Link className="button" href="/team?invite=1">
            {t("home.inviteCta")}
          </Link>
        </section>
      )}
      <section className="card">
        <h2>{t("home.company")}</h2>
        <dl className="facts">
          <dt>{t("field.companyName")}</dt>
          <dd>{settings.companyName}</dd>
          <dt>{t("field.currency")}</dt>
          <dd>{format.currencyName(settings.currency)}</dd>
          <dt>{t("field.timeZone")}</dt>
          <dd>{format.zoneName()}</dd>
          <dt>{t("field.plan")}</dt>
          <dd>{t(tenant.plan === "dedicated" ? "plan.dedicated" : "plan.pooled")}</dd>
        </dl>
      </section>
    </div>
  );
}
