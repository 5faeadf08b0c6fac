import { ApiError } from "../api";
import { useI18n } from "../i18n";
import { Link } from "../router";
import { PasswordFromLinkPage } from "./password-from-link";

/** The invitation link is /invite#<token>. */
export function AcceptInvitePage() {
  const { t } = useI18n();
  return (
    <PasswordFromLinkPage
      title={t("invite.accept.title")}
      intro={t("invite.accept.intro")}
      passwordLabel={t("field.newPassword")}
      submitLabel={t("invite.accept.submit")}
      endpoint="/auth/invitations/accept"
      // 410: the link was used, replaced by a newer one or expired; only a new link from the admin helps.
      isDead={(error) => error instanceof ApiError && error.problem.status === 410}
      dead={(why) =>
        why === "gone" ? (
          <>
            <p className="form-error" role="alert">
              {t("invite.accept.gone")}
            </p>
            <p className="switch">
              {t("invite.accept.joined")} <Link href="/login">{t("login.loginLink")}</Link>
            </p>
          </>
        ) : (
          <p className="form-error">{t("invite.accept.missing")}</p>
        )
      }
    />
  );
}
