import type { ScoringSettings } from "@crm/domain";
import { type FormEvent, useEffect, useState } from "react";
import { ApiError } from "../api";
import { type Settings, useSettingsForm } from "../hooks/use-settings";
import { type MessageKey, useI18n } from "../i18n";
import { useSegmentName } from "./analytics-charts";
import { FormError, fieldError, fieldErrorsUnder, ProgressBar, TextField } from "./form";

/** A number field for a share, shown and typed in percent. */
const percent = (share: number) => String(Math.round(share * 10_000) / 100);

/**
 * The scoring rules an admin may change: the numbers behind ABC, CLV, churn
 * and lifecycle, and the segments' names (their shapes go through the API).
 */
export function ScoringSettingsAdmin({
  settings,
  onSaved,
}: {
  settings: Settings;
  onSaved: () => Promise<void>;
}) {
  const { t } = useI18n();
  const { saved } = settings;
  const { error, notice, busy, save } = useSettingsForm(settings, onSaved);
  const [draft, setDraft] = useState<ScoringSettings | null>(null);
  const defaultName = useSegmentName([]);
  useEffect(() => {
    if (saved) setDraft(saved.scoring);
  }, [saved]);

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
    if (draft) await save({ scoring: draft }, t("scoringSettings.saved"));
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
