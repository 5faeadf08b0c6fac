import type { ScoringSettings } from "@crm/domain";
import { readTypedNumber, SCORING_LIMITS, type ScoringLimit } from "@crm/domain/scoring-limits";
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
  // What was typed, by field, until it is saved: checked in the unit typed (percent), not the unit kept.
  const [typed, setTyped] = useState<Record<string, string>>({});
  const [checks, setChecks] = useState<Record<string, string>>({});
  const defaultName = useSegmentName([]);
  useEffect(() => {
    if (saved) setDraft(saved.scoring);
    setTyped({});
    setChecks({});
  }, [saved]);

  if (!draft || !saved)
    return error ? <FormError error={error} /> : <ProgressBar label={t("common.loading")} />;

  const limitOf = (path: string) => {
    const [group = "", key = ""] = path.split(".");
    return (SCORING_LIMITS as Record<string, Record<string, ScoringLimit>>)[group]?.[key];
  };
  /** The reader's words for what is wrong with a typed number, or nothing. */
  const check = (text: string, limit: ScoringLimit) => {
    const read = readTypedNumber(text, limit);
    if (!("problem" in read)) return undefined;
    if (read.problem === "not-a-number") return t("scoringSettings.check.number");
    if (read.problem === "not-integer") return t("scoringSettings.check.integer");
    const unit = limit.percent ? "%" : "";
    return t(read.exclusive ? "scoringSettings.check.inside" : "scoringSettings.check.between", {
      min: `${read.min}${unit}`,
      max: `${read.max}${unit}`,
    });
  };
  const field = (group: keyof typeof SCORING_LIMITS, key: string, label: MessageKey) => {
    const path = `${group}.${key}`;
    const limit = limitOf(path);
    const value = (draft[group] as Record<string, number>)[key] ?? 0;
    const apiErrors = fieldError(error, `scoring.${path}`);
    return (
      <TextField
        key={path}
        label={t(label)}
        name={path}
        inputMode="decimal"
        autoComplete="off"
        value={typed[path] ?? (limit?.percent ? percent(value) : String(value))}
        onChange={(event) => {
          const text = event.target.value;
          setTyped({ ...typed, [path]: text });
          if (!limit) return;
          const read = readTypedNumber(text, limit);
          if ("value" in read) setDraft({ ...draft, [group]: { ...draft[group], [key]: read.value } });
          // An error shown goes as soon as the number is right; a new one waits for saving.
          if (checks[path]) setChecks({ ...checks, [path]: check(text, limit) ?? "" });
        }}
        error={checks[path] ? [checks[path]] : apiErrors}
      />
    );
  };

  async function submit(event: FormEvent) {
    event.preventDefault();
    const found = Object.fromEntries(
      Object.entries(typed).flatMap(([path, text]) => {
        const limit = limitOf(path);
        const problem = limit && check(text, limit);
        return problem ? [[path, problem]] : [];
      }),
    );
    setChecks(found);
    if (Object.keys(found).length > 0) return;
    if (draft) await save({ scoring: draft }, t("scoringSettings.saved"));
  }

  return (
    <form className="card" onSubmit={submit} noValidate>
      <h2>{t("scoringSettings.title")}</h2>
      <p className="muted">{t("scoringSettings.lead")}</p>
      <h3>{t("analytics.abc")}</h3>
      {field("abc", "windowMonths", "scoringSettings.windowMonths")}
      {field("abc", "aShare", "scoringSettings.aShare")}
      {field("abc", "bShare", "scoringSettings.bShare")}
      <h3>{t("analytics.clv")}</h3>
      {field("clv", "horizonMonths", "scoringSettings.horizonMonths")}
      {field("clv", "monthlyDiscount", "scoringSettings.monthlyDiscount")}
      <h3>{t("analytics.churn")}</h3>
      {field("churn", "highBelow", "scoringSettings.highBelow")}
      {field("churn", "mediumBelow", "scoringSettings.mediumBelow")}
      <h3>{t("analytics.stages")}</h3>
      {field("lifecycle", "newDays", "scoringSettings.newDays")}
      {field("lifecycle", "matureDays", "scoringSettings.matureDays")}
      {field("lifecycle", "matureDaysWithPurchase", "scoringSettings.matureDaysWithPurchase")}
      {field("lifecycle", "churnedBelow", "scoringSettings.churnedBelow")}
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
