import { useState } from "react";
import { newRequestId, request } from "../api";
import { EmailField, FormError, fieldError, PasswordField, ProgressBar, TextField } from "../components/form";
import { useSignIn } from "../hooks/use-sign-in";
import { useI18n } from "../i18n";
import { Link } from "../router";
import type { Tokens } from "../session";
import { AuthLayout } from "./auth-layout";

/**
 * The reader's region from their browser's languages, in the language they
 * sign up in (en-GB → GB): where their phone numbers are read. Without one,
 * the API takes the language's usual region (zh-CN → CN).
 */
function readerRegion(lang: string): string | undefined {
  const language = lang.split("-")[0];
  for (const tag of navigator.languages ?? [navigator.language]) {
    try {
      const locale = new Intl.Locale(tag);
      if (locale.language === language && locale.region && /^[A-Z]{2}$/.test(locale.region))
        return locale.region;
    } catch {
      // Not a language tag: skipped.
    }
  }
  return undefined;
}

export function SignupPage() {
  const { t, lang } = useI18n();
  // One key per form: a double tap or a retry on a bad network creates one company.
  const [idempotencyKey] = useState(newRequestId);
  const [form, setForm] = useState({ companyName: "", adminName: "", adminEmail: "", password: "" });
  const { error, busy, submit } = useSignIn();
  const set = (name: keyof typeof form) => (event: { target: { value: string } }) =>
    setForm({ ...form, [name]: event.target.value });

  const signUp = submit(async () => {
    const timeZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    const region = readerRegion(lang);
    await request("POST", "/signup", {
      anonymous: true,
      idempotencyKey,
      // Every company starts on the shared database: a table of its own is an operator's move (docs/tenancy.md).
      body: { ...form, locale: lang, timeZone, ...(region && { region }) },
    });
    const login = { email: form.adminEmail, password: form.password };
    return (await request<Tokens>("POST", "/auth/login", { anonymous: true, body: login })).data;
  });

  const shownPaths = ["companyName", "adminName", "adminEmail", "password"];
  const otherError = error && !shownPaths.some((path) => fieldError(error, path)) ? error : null;
  return (
    <AuthLayout title={t("signup.title")}>
      <form onSubmit={signUp} noValidate>
        <TextField
          label={t("field.companyName")}
          name="companyName"
          autoComplete="organization"
          value={form.companyName}
          onChange={set("companyName")}
          error={fieldError(error, "companyName")}
        />
        <TextField
          label={t("field.adminName")}
          name="adminName"
          autoComplete="name"
          value={form.adminName}
          onChange={set("adminName")}
          error={fieldError(error, "adminName")}
        />
        <EmailField
          label={t("field.email")}
          name="adminEmail"
          autoComplete="email"
          value={form.adminEmail}
          onChange={set("adminEmail")}
          error={fieldError(error, "adminEmail")}
        />
        <PasswordField
          isNew
          label={t("field.password")}
          name="password"
          value={form.password}
          onChange={set("password")}
          error={fieldError(error, "password")}
        />
        <FormError error={otherError} />
        {busy && <ProgressBar label={t("signup.working")} />}
        <button type="submit" className="primary" disabled={busy}>
          {t("signup.submit")}
        </button>
        <p className="switch">
          {t("signup.haveAccount")} <Link href="/login">{t("login.loginLink")}</Link>
        </p>
      </form>
    </AuthLayout>
  );
}
