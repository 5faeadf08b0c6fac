import type { TenantSettings } from "@crm/domain";
import { LOCALES, REP_VISIBILITIES } from "@crm/domain/constants";
import { type FormEvent, useEffect, useState } from "react";
import { ApiError } from "../api";
import { CustomFieldsAdmin } from "../components/custom-fields-admin";
import { FormError, fieldError, ProgressBar, SelectField, TextField } from "../components/form";
import { Picker } from "../components/picker";
import { ScoringSettingsAdmin } from "../components/scoring-settings-admin";
import {
  useCurrencyChoices,
  usePhoneRegionChoices,
  useTimeZoneChoices,
} from "../components/settings-choices";
import { useSettings, useSettingsForm } from "../hooks/use-settings";
import { LANGUAGE_NAMES, useI18n } from "../i18n";

export function SettingsPage({ onSaved }: { onSaved: () => Promise<void> }) {
  const { t, lang } = useI18n();
  const settings = useSettings();
  const { saved } = settings;
  const { error, notice, setNotice, busy, save } = useSettingsForm(settings, onSaved);
  const [form, setForm] = useState<TenantSettings | null>(null);
  const currencies = useCurrencyChoices(lang);
  const timeZones = useTimeZoneChoices(lang);
  const phoneRegions = usePhoneRegionChoices(lang);
  useEffect(() => {
    if (!saved) return;
    const { version: _v, updatedAt: _u, ...settings } = saved;
    setForm(settings);
  }, [saved]);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!form || !saved) return;
    const patch = Object.fromEntries(
      Object.entries(form).filter(
        ([key, value]) => key !== "scoring" && saved[key as keyof TenantSettings] !== value,
      ),
    );
    if (Object.keys(patch).length === 0) return setNotice(t("common.saved"));
    await save(patch, t("common.saved"));
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
        <Picker
          label={t("field.currency")}
          value={form.currency}
          {...currencies}
          onChange={(currency) => setForm({ ...form, currency })}
          error={fieldError(error, "currency")}
        />
        <Picker
          label={t("field.timeZone")}
          value={form.timeZone}
          {...timeZones}
          onChange={(timeZone) => setForm({ ...form, timeZone })}
          error={fieldError(error, "timeZone")}
        />
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
        <Picker
          label={t("field.phoneRegion")}
          value={form.phoneRegion}
          {...phoneRegions}
          onChange={(phoneRegion) => setForm({ ...form, phoneRegion })}
          error={fieldError(error, "phoneRegion")}
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
        <label className="check">
          <input
            type="checkbox"
            name="repsMayHandOver"
            checked={form.repsMayHandOver}
            onChange={(event) => setForm({ ...form, repsMayHandOver: event.target.checked })}
          />{" "}
          {t("settings.repsMayHandOver")}
        </label>
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
      <ScoringSettingsAdmin settings={settings} onSaved={onSaved} />
      <CustomFieldsAdmin />
    </div>
  );
}
