import type { ImportJob, ImportRun, RowProblem } from "@crm/domain";
import {
  CUSTOMER_IMPORT_TARGETS,
  MAX_IMPORT_COLUMNS,
  MAX_IMPORT_ROW_BYTES,
  TRANSACTION_IMPORT_TARGETS,
} from "@crm/domain/constants";
import { useEffect, useRef, useState } from "react";
import { request } from "../api";
import { labelOf, useCustomFields } from "../components/custom-fields";
import { FormError, Meter, SelectField } from "../components/form";
import { useAction } from "../hooks/use-action";
import { type MessageKey, useI18n } from "../i18n";
import { Link } from "../router";

/** Parts of the upload: 4 MiB, the API's limit per part. */
const PART_BYTES = 4 * 1024 * 1024;
type Entity = ImportJob["entity"];

/**
 * The import wizard: pick a CSV file (UTF-8 or GBK), check how its columns
 * map, dry-run to see every bad row, then import, watching the progress.
 */
export function ImportPage() {
  const { t, lang, problem: translated } = useI18n();
  const [entity, setEntity] = useState<Entity>("customers");
  const [job, setJob] = useState<ImportJob | null>(null);
  const [uploaded, setUploaded] = useState({ done: 0, total: 0 });
  const [mapping, setMapping] = useState<Record<string, string>>({});
  const [problems, setProblems] = useState<RowProblem[]>([]);
  const { error, busy, run } = useAction();
  const fields = useCustomFields("customer");

  const builtIn: readonly string[] =
    entity === "customers" ? CUSTOMER_IMPORT_TARGETS : TRANSACTION_IMPORT_TARGETS;
  const customTargets =
    entity === "customers"
      ? fields.filter((field) => !field.removedAt).map((field) => `customFields.${field.key}`)
      : [];
  /** A target by its name: a custom field's label, or the standard field's. */
  const fieldLabel = (target: string) => {
    if (target.startsWith("customFields.")) {
      const field = fields.find((one) => `customFields.${one.key}` === target);
      return field ? labelOf(field, lang) : target.slice("customFields.".length);
    }
    if (entity === "transactions" && target === "kind") return t("import.target.transactionKind");
    return t(`import.target.${target}` as MessageKey);
  };
  /** A target in the picker: a custom field says it is one, apart from a standard field of the same name ("电话（自定义字段）"). */
  const targetLabel = (target: string) =>
    target.startsWith("customFields.")
      ? t("import.customTarget", { label: fieldLabel(target) })
      : fieldLabel(target);
  /** Where a row's problem is: its column, else the field no column holds, else the whole row. */
  const placeOf = (problem: RowProblem) =>
    problem.column ||
    (problem.field ? t("import.notInFile", { label: fieldLabel(problem.field) }) : t("import.wholeRow"));

  const running = job?.run?.status === "queued" || job?.run?.status === "running";
  // While a run is under way, look again every second.
  useEffect(() => {
    if (!job || !running) return;
    const timer = setInterval(async () => {
      const { data } = await request<ImportJob>("GET", `/imports/${job.id}`);
      setJob(data);
      if (data.run?.status === "done" || data.run?.status === "failed") {
        const found = await request<{ items: RowProblem[] }>("GET", `/imports/${job.id}/problems?limit=100`);
        setProblems(found.data.items);
      }
    }, 1000);
    return () => clearInterval(timer);
  }, [job, running]);

  const upload = (file: File) =>
    run(async () => {
      setProblems([]);
      const started = await request<ImportJob>("POST", "/imports", { body: { entity, fileName: file.name } });
      const parts = Math.max(1, Math.ceil(file.size / PART_BYTES));
      setUploaded({ done: 0, total: file.size });
      let first = started.data;
      for (let part = 1; part <= parts; part++) {
        const piece = file.slice((part - 1) * PART_BYTES, part * PART_BYTES);
        const answer = await request<ImportJob>("PUT", `/imports/${started.data.id}/parts/${part}`, {
          bytes: piece,
        });
        if (part === 1) first = answer.data;
        setUploaded({ done: Math.min(file.size, part * PART_BYTES), total: file.size });
      }
      setJob(first);
      setMapping(first.suggestedMapping ?? {});
    });

  const start = (dryRun: boolean) =>
    run(async () => {
      if (!job) return;
      setProblems([]);
      const { data } = await request<ImportJob>("POST", `/imports/${job.id}/runs`, {
        body: { mapping, dryRun },
      });
      setJob(data);
    });

  const format = (value: number) => value.toLocaleString(lang);
  const limits = { columns: format(MAX_IMPORT_COLUMNS), size: format(MAX_IMPORT_ROW_BYTES / 1024) };
  /** Why a run stopped, in the reader's language: a problem with the file is worded from its code and line. */
  const stoppedBy = (run: ImportRun) => {
    const found = run.fileProblem;
    if (!found) return run.error && translated(run.error);
    return t(`import.fileProblem.${found.code}`, {
      line: format(found.line),
      columns: format(found.limit ?? MAX_IMPORT_COLUMNS),
      size: format((found.limit ?? MAX_IMPORT_ROW_BYTES) / 1024),
    });
  };
  const result = job?.run;
  // A run's progress is shown below the mapping: bring it into view on a phone when a run starts.
  const resultCard = useRef<HTMLElement>(null);
  const runNo = result?.no;
  useEffect(() => {
    if (runNo) resultCard.current?.scrollIntoView({ behavior: "smooth", block: "start" });
  }, [runNo]);

  return (
    <div className="page">
      <Link href="/customers">← {t("customers.title")}</Link>
      <h1>{t("import.title")}</h1>
      <p className="lead">{t("import.hint", limits)}</p>
      {!job && (
        <section className="card">
          <fieldset className="segmented" aria-label={t("import.what")}>
            {(["customers", "transactions"] as const).map((option) => (
              <button
                key={option}
                type="button"
                aria-pressed={entity === option}
                onClick={() => setEntity(option)}
              >
                {t(`import.entity.${option}`)}
              </button>
            ))}
          </fieldset>
          <label className="button primary file">
            {t("import.choose")}
            <input
              type="file"
              accept=".csv,text/csv"
              disabled={busy}
              onChange={(event) => {
                const file = event.target.files?.[0];
                if (file) void upload(file);
              }}
            />
          </label>
          {busy && uploaded.total > 0 && (
            <Meter
              value={uploaded.done}
              max={uploaded.total}
              label={t("import.uploading", {
                done: format(Math.round(uploaded.done / 1024)),
                total: format(Math.round(uploaded.total / 1024)),
              })}
            />
          )}
        </section>
      )}
      {job?.headers && (
        <section className="card">
          <h2>{t("import.mapping")}</h2>
          <p className="lead">
            {job.fileName} · {job.encoding === "gbk" ? "GBK" : "UTF-8"}
          </p>
          {entity === "customers" && (
            <details className="hint">
              <summary>{t("import.kindTitle")}</summary>
              <p>{t("import.kindHint")}</p>
            </details>
          )}
          <ul className="mapping">
            {job.headers.map((header, index) => (
              <li key={header}>
                <SelectField
                  label={header}
                  name={`map-${index}`}
                  value={mapping[header] ?? ""}
                  disabled={running}
                  onChange={(event) => {
                    const next = { ...mapping };
                    if (event.target.value) next[header] = event.target.value;
                    else delete next[header];
                    setMapping(next);
                  }}
                  hint={(job.sample ?? [])
                    .map((row) => row[index])
                    .filter(Boolean)
                    .slice(0, 3)
                    .join(" · ")}
                >
                  <option value="">{t("import.skip")}</option>
                  <optgroup label={t("import.builtIn")}>
                    {builtIn.map((target) => (
                      <option key={target} value={target}>
                        {targetLabel(target)}
                      </option>
                    ))}
                  </optgroup>
                  {customTargets.length > 0 && (
                    <optgroup label={t("import.customFields")}>
                      {customTargets.map((target) => (
                        <option key={target} value={target}>
                          {targetLabel(target)}
                        </option>
                      ))}
                    </optgroup>
                  )}
                </SelectField>
              </li>
            ))}
          </ul>
          <FormError error={error} />
          <div className="actions">
            <button
              type="button"
              className="secondary"
              disabled={busy || running}
              onClick={() => void start(true)}
            >
              {t("import.check")}
            </button>
            <button
              type="button"
              className="primary"
              disabled={busy || running}
              onClick={() => void start(false)}
            >
              {t("import.run")}
            </button>
          </div>
        </section>
      )}
      {!job?.headers && <FormError error={error} />}
      {result && (
        <section className="card" aria-live="polite" ref={resultCard}>
          <h2>{result.dryRun ? t("import.checkResult") : t("import.runResult")}</h2>
          {result.status === "failed" ? (
            <p className="form-error" role="alert">
              {t("import.stopped")} {stoppedBy(result)}
            </p>
          ) : (
            <Meter
              value={result.done}
              max={result.total ?? 0}
              label={
                result.total === undefined
                  ? t("import.counting")
                  : t("import.progress", { done: format(result.done), total: format(result.total) })
              }
            />
          )}
          <div className="counts">
            <div>
              <strong>{format(result.created)}</strong>
              {result.dryRun ? t("import.ok") : t("import.created")}
            </div>
            <div>
              <strong>{format(result.existing)}</strong>
              {t("import.existing")}
            </div>
            <div>
              <strong>{format(result.failed)}</strong>
              {t("import.failed")}
            </div>
          </div>
          {result.status !== "failed" && result.error && <p className="form-error">{stoppedBy(result)}</p>}
          {problems.length > 0 && (
            <ol className="problems">
              {problems.map((problem) => (
                <li key={`${problem.row}-${problem.column}-${problem.field}-${problem.code}`}>
                  {t("import.problem", { row: format(problem.row), column: placeOf(problem) })}{" "}
                  {translated({ ...problem, path: problem.field ?? problem.column })}
                </li>
              ))}
            </ol>
          )}
        </section>
      )}
    </div>
  );
}
