import { type InputHTMLAttributes, type ReactNode, type SelectHTMLAttributes, useId } from "react";
import { ApiError, type FieldProblem } from "../api";
import { useI18n } from "../i18n";

type FieldProps = {
  label: string;
  /** The API's problems for this field (shown in the reader's language), or texts already in it. */
  error?: Array<string | FieldProblem>;
  hint?: string;
};

export function TextField({
  label,
  error,
  hint,
  ...input
}: FieldProps & InputHTMLAttributes<HTMLInputElement>) {
  const id = useId();
  const { problem } = useI18n();
  return (
    <div className={`field${error ? " has-error" : ""}`}>
      <label htmlFor={id}>{label}</label>
      <input id={id} aria-invalid={Boolean(error)} aria-describedby={`${id}-note`} {...input} />
      <small id={`${id}-note`} className={error ? "error" : "hint"}>
        {error ? error.map(problem).join(" ") : hint}
      </small>
    </div>
  );
}

export function SelectField({
  label,
  error,
  hint,
  children,
  ...select
}: FieldProps & SelectHTMLAttributes<HTMLSelectElement> & { children: ReactNode }) {
  const id = useId();
  const { problem } = useI18n();
  return (
    <div className={`field${error ? " has-error" : ""}`}>
      <label htmlFor={id}>{label}</label>
      <select id={id} aria-invalid={Boolean(error)} {...select}>
        {children}
      </select>
      <small className={error ? "error" : "hint"}>{error ? error.map(problem).join(" ") : hint}</small>
    </div>
  );
}

/** The request's overall problem, when it is not about one field. */
export function FormError({ error }: { error: unknown }) {
  const { t, problem } = useI18n();
  if (!error) return null;
  const message =
    error instanceof ApiError
      ? problem(error.problem.errors?.[0] ?? error.problem)
      : t("common.networkError");
  return (
    <p className="form-error" role="alert">
      {message}
    </p>
  );
}

/** Field errors only count for fields the form shows; the rest go to the banner. */
/** Every problem of a field and the items in it ("emails" takes "emails.0", "emails.1"…), each said once. */
export function fieldErrorsUnder(error: unknown, field: string): FieldProblem[] | undefined {
  const problems =
    error instanceof ApiError
      ? error.fieldProblemList.filter(
          (problem) => problem.path === field || problem.path.startsWith(`${field}.`),
        )
      : [];
  const once = new Map(
    problems.map((problem) => [`${problem.code}${JSON.stringify(problem.params ?? {})}`, problem]),
  );
  return once.size > 0 ? [...once.values()] : undefined;
}

export function fieldError(error: unknown, path: string): FieldProblem[] | undefined {
  const problems = error instanceof ApiError ? error.fieldProblems(path) : [];
  return problems.length > 0 ? problems : undefined;
}

export function ProgressBar({ label }: { label: string }) {
  return (
    <div className="progress" role="progressbar" aria-label={label} aria-busy="true">
      <div className="progress-bar" />
      <span>{label}</span>
    </div>
  );
}

/** Progress of long work, as a share done: "1,200 of 100,000 rows". */
export function Meter({ value, max, label }: { value: number; max: number; label: string }) {
  const share = max > 0 ? Math.min(1, value / max) : 0;
  return (
    <div
      className="progress"
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={max}
      aria-valuenow={value}
    >
      <div className="meter">
        <div className="meter-fill" style={{ width: `${(share * 100).toFixed(1)}%` }} />
      </div>
      <span>{label}</span>
    </div>
  );
}
