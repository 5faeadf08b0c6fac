import type { ScoringSettings, TenantSettings } from "@crm/domain";
import { type FormEvent, useCallback, useEffect, useState } from "react";
import { ApiError, request } from "../api";
import { type MessageKey, useI18n } from "../i18n";
import { useSegmentName } from "./analytics-charts";
import { FormError, fieldError, fieldErrorsUnder, ProgressBar, TextField } from "./form";

type Versioned = TenantSettings & { version: number };

/** A number field for a share, shown and typed in percent. */
const percent = (share: number) => String(Math.round(share * 10_000) / 100);

/**
 * The scoring rules an admin may change: the numbers behind ABC, CLV, churn
 * and lifecycle, and the segments' names (their shapes go through the API).
 */
export function ScoringSettingsAdmin({ onSaved }: { onSaved: () => Promise<void> }) {
  const { t } = useI18n();
  const [saved, setSaved] = useState<Versioned | null>(null);
  const [draft, setDraft] = useState<ScoringSettings | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const defaultName = useSegmentName([]);

  const load = useCallback(async () => {
    const { data } = await request<Versioned>("GET", "/tenant/settings");
    setSaved(data);
    setDraft(data.scoring);
  }, []);
  useEffect(() => {
    load().catch(setError);
  }, [load]);

  if (!draft || !saved)
    return error ? <FormError error={error} /> : <ProgressBar label={t("common.loading")} />;

  const number =
    <G extends "abc" | "clv" | "churn" | "lifecycle">(
      group: G,
      key: keyof ScoringSettings[G],
      share = false,
    ) =>
    (event: { target: { value: string } }) => {
      const value = Number(event.target.value);
      setDraft({ ...draft, [group]: { ...draft[group], [key]: share ? value / 100 : value } });
    };
  const field = (
    group: "abc" | "clv" | "churn" | "lifecycle",
    key: string,
    label: MessageKey,
    share = false,
  ) => {
    const value = (draft[group] as Record<string, number>)[key] ?? 0;
    return (
      <TextField
        key={`${group}.${key}`}
        label={t(label)}
        name={`${group}.${key}`}
        type="number"
        inputMode="decimal"
        value={share ? percent(value) : String(value)}
        onChange={number(group, key as never, share)}
        error={fieldError(error, `scoring.${group}.${key}`)}
      />
    );
  };

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!draft || !saved) return;
    setBusy(true);
    setError(null);
    setNotice(null);
    try {
      const { data } = await request<Versioned>("PATCH", "/tenant/settings", {
        ifMatch: `"${saved.version}"`,
        body: { scoring: draft },
      });
      setSaved(data);
      setDraft(data.scoring);
      setNotice(t("scoringSettings.saved"));
      await onSaved();
    } catch (failure) {
      if (failure instanceof ApiError && failure.problem.status === 412) {
        await load();
        setNotice(t("settings.stale"));
      } else setError(failure);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="card" onSubmit={submit} noValidate>
      <h2>{t("scoringSettings.title")}</h2>
      <p className="muted">{t("scoringSettings.lead")}</p>
      <h3>{t("analytics.abc")}</h3>
      {field("abc", "windowMonths", "scoringSettings.windowMonths")}
      {field("abc", "aShare", "scoringSettings.aShare", true)}
      {field("abc", "bShare", "scoringSettings.bShare", true)}
      <h3>{t("analytics.clv")}</h3>
      {field("clv", "horizonMonths", "scoringSettings.horizonMonths")}
      {field("clv", "monthlyDiscount", "scoringSettings.monthlyDiscount", true)}
      <h3>{t("analytics.churn")}</h3>
      {field("churn", "highBelow", "scoringSettings.highBelow", true)}
      {field("churn", "mediumBelow", "scoringSettings.mediumBelow", true)}
      <h3>{t("analytics.stages")}</h3>
      {field("lifecycle", "newDays", "scoringSettings.newDays")}
      {field("lifecycle", "matureDays", "scoringSettings.matureDays")}
      {field("lifecycle", "matureDaysWithPurchase", "scoringSettings.matureDaysWithPurchase")}
      {field("lifecycle", "churnedBelow", "scoringSettings.churnedBelow", true)}
      <h3>{t("analytics.segments")}</h3>
      {draft.segments.map((segment, index) => (
        <TextField
          key={segment.key}
          label={`${defaultName(segment.key)} · R${segment.recency.join("–")} F${segment.frequency.join("–")} M${segment.monetary.join("–")}`}
          name={`segments.${index}.name`}
          value={segment.name ?? ""}
          placeholder={defaultName(segment.key)}
          maxLength={40}
          onChange={(event) => {
            const name = event.target.value.trim();
            const segments = draft.segments.map((one, at) => {
              if (at !== index) return one;
              const { name: _old, ...rest } = one;
              return name ? { ...rest, name: event.target.value } : rest;
            });
            setDraft({ ...draft, segments });
          }}
          error={fieldErrorsUnder(error, `scoring.segments.${index}`)}
        />
      ))}
      {notice && (
        <p className="notice" role="status">
          {notice}
        </p>
      )}
      {/* Problems of a field show at the field; the rest (a segment map with holes) here. */}
      <FormError
        error={
          error instanceof ApiError &&
          error.problem.errors?.every((p) => p.path !== "scoring.segments") &&
          error.problem.errors.length > 0
            ? null
            : error
        }
      />
      <button type="submit" className="primary" disabled={busy}>
        {t("scoringSettings.save")}
      </button>
    </form>
  );
}
