import type { TenantSettings } from "@crm/domain";
import { LOCALES, REP_VISIBILITIES } from "@crm/domain/constants";
import { type FormEvent, useCallback, useEffect, useState } from "react";
import { ApiError, request } from "../api";
import { CustomFieldsAdmin } from "../components/custom-fields-admin";
import { FormError, fieldError, ProgressBar, SelectField, TextField } from "../components/form";
import { ScoringSettingsAdmin } from "../components/scoring-settings-admin";
import { useI18n } from "../i18n";

type Versioned = TenantSettings & { version: number; updatedAt: string };

const timeZones = ["UTC", ...Intl.supportedValuesOf("timeZone")];
const currencies = Intl.supportedValuesOf("currency");
const LANGUAGE_NAMES = { "zh-CN": "简体中文", en: "English" } as const;

export function SettingsPage({ onSaved }: { onSaved: () => Promise<void> }) {
  const { t, lang } = useI18n();
  const [saved, setSaved] = useState<Versioned | null>(null);
  const [form, setForm] = useState<TenantSettings | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const load = useCallback(async () => {
    const { data } = await request<Versioned>("GET", "/tenant/settings");
    setSaved(data);
    const { version: _v, updatedAt: _u, ...settings } = data;
    setForm(settings);
  }, []);
  useEffect(() => {
    load().catch(setError);
  }, [load]);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!form || !saved) return;
    const patch = Object.fromEntries(
      Object.entries(form).filter(
        ([key, value]) => key !== "scoring" && saved[key as keyof TenantSettings] !== value,
      ),
    );
    if (Object.keys(patch).length === 0) return setNotice(t("common.saved"));
    setBusy(true);
    setError(null);
    setNotice(null);
    try {
      const { data } = await request<Versioned>("PATCH", "/tenant/settings", {
        ifMatch: `"${saved.version}"`,
        body: patch,
      });
      setSaved(data);
      setNotice(t("common.saved"));
      await onSaved();
    } catch (failure) {
      if (failure instanceof ApiError && failure.problem.status === 412) {
        await load();
        setNotice(t("settings.stale"));
      } else {
        setError(failure);
      }
    } finally {
      setBusy(false);
    }
  }

  if (!form)
    return (
      <div className="page">
        {error ? <FormError error={error} /> : <ProgressBar label={t("common.loading")} />}
      </div>
    );
  const set =
    <K extends keyof TenantSettings>(key: K) =>
    (event: { target: { value: string } }) =>
      setForm({ ...form, [key]: event.target.value as TenantSettings[K] });
  const regionName = new Intl.DisplayNames([lang], { type: "region" });
  return (
    <div className="page">
      <h1>{t("settings.title")}</h1>
      <form onSubmit={submit} noValidate className="card">
        <TextField
          label={t("field.companyName")}
          name="companyName"
          value={form.companyName}
          onChange={set("companyName")}
          error={fieldError(error, "companyName")}
        />
        <SelectField
          label={t("field.currency")}
          name="currency"
          value={form.currency}
          onChange={set("currency")}
          error={fieldError(error, "currency")}
        >
          {currencies.map((code) => (
            <option key={code} value={code}>
              {code}
            </option>
          ))}
        </SelectField>
        <SelectField
          label={t("field.timeZone")}
          name="timeZone"
          value={form.timeZone}
          onChange={set("timeZone")}
          error={fieldError(error, "timeZone")}
        >
          {timeZones.map((zone) => (
            <option key={zone} value={zone}>
              {zone}
            </option>
          ))}
        </SelectField>
        <SelectField
          label={t("field.locale")}
          name="locale"
          value={form.locale}
          onChange={set("locale")}
          error={fieldError(error, "locale")}
        >
          {LOCALES.map((locale) => (
            <option key={locale} value={locale}>
              {LANGUAGE_NAMES[locale]}
            </option>
          ))}
        </SelectField>
        <TextField
          label={t("field.phoneRegion")}
          name="phoneRegion"
          value={form.phoneRegion}
          maxLength={2}
          autoCapitalize="characters"
          onChange={(event) => setForm({ ...form, phoneRegion: event.target.value.toUpperCase() })}
          error={fieldError(error, "phoneRegion")}
          hint={/^[A-Z]{2}$/.test(form.phoneRegion) ? (regionName.of(form.phoneRegion) ?? "") : ""}
        />
        <SelectField
          label={t("field.repVisibility")}
          name="repVisibility"
          value={form.repVisibility}
          onChange={set("repVisibility")}
          error={fieldError(error, "repVisibility")}
        >
          {REP_VISIBILITIES.map((option) => (
            <option key={option} value={option}>
              {t(`repVisibility.${option}`)}
            </option>
          ))}
        </SelectField>
        {notice && (
          <p className="notice" role="status">
            {notice}
          </p>
        )}
        <FormError error={error instanceof ApiError && error.problem.errors?.length ? null : error} />
        <button type="submit" className="primary" disabled={busy}>
          {t("common.save")}
        </button>
      </form>
      <ScoringSettingsAdmin onSaved={onSaved} />
      <CustomFieldsAdmin />
    </div>
  );
}
