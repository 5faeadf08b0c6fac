import { ApiError } from "../api";
import { useI18n } from "../i18n";
import { Link } from "../router";
import { PasswordFromLinkPage } from "./password-from-link";

/** The reset link is /reset-password#<token>. */
export function ResetPasswordPage() {
  const { t } = useI18n();
  return (
    <PasswordFromLinkPage
      title={t("reset.title")}
      intro={t("reset.intro")}
      passwordLabel={t("account.newPassword")}
      submitLabel={t("reset.submit")}
      endpoint="/auth/reset-password"
      // 410: used, replaced or expired; a malformed link (400 on the token) is no better. Only a new link helps.
      isDead={(error) =>
        error instanceof ApiError && (error.problem.status === 410 || error.fieldProblems("token").length > 0)
      }
      dead={(why) => (
        <>
          <p className="form-error" role="alert">
            {why === "gone" ? t("reset.gone") : t("reset.missing")}
          </p>
          <p className="switch">
            <Link href="/forgot-password">{t("reset.again")}</Link>
          </p>
        </>
      )}
    />
  );
}
