import { useI18n } from "../i18n";
import { Link } from "../router";

/** A page the reader's role may not open, saying who may: admins only, or admins and managers (the import). */
export function ForbiddenPage({ openTo = "admins" }: { openTo?: "admins" | "adminsAndManagers" }) {
  const { t } = useI18n();
  return (
    <div className="page" data-testid="forbidden">
      <h1>{t(openTo === "adminsAndManagers" ? "forbidden.managers.title" : "forbidden.title")}</h1>
      <p>{t(openTo === "adminsAndManagers" ? "forbidden.managers.body" : "forbidden.body")}</p>
      <Link className="button" href="/">
        {t("forbidden.home")}
      </Link>
    </div>
  );
}

export function NotFoundPage() {
  const { t } = useI18n();
  return (
    <div className="page">
      <h1>{t("notFound.title")}</h1>
      <Link className="button" href="/">
        {t("forbidden.home")}
      </Link>
    </div>
  );
}
