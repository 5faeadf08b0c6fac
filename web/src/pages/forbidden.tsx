import { useI18n } from "../i18n";
import { Link } from "../router";

export function ForbiddenPage() {
  const { t } = useI18n();
  return (
    <div className="page" data-testid="forbidden">
      <h1>{t("forbidden.title")}</h1>
      <p>{t("forbidden.body")}</p>
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
