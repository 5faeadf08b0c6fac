import {
  type InputHTMLAttributes,
  type ReactNode,
  type RefObject,
  type SelectHTMLAttributes,
  useEffect,
  useId,
  useRef,
} from "react";
import { ApiError, type FieldProblem } from "../api";
import { useI18n } from "../i18n";

/**
 * Several messages about one field as one text: Chinese sentences run on
 * ("至少 10 个字符。需包含小写字母。"), sentences in other languages take a space.
 */
export function useMessageText(): (messages: Array<string | FieldProblem>) => string {
  const { lang, problem } = useI18n();
  return (messages) => messages.map(problem).join(lang.startsWith("zh") ? "" : " ");
}

/*
 * After a submit that fails, the first problem in the form (a field's message,
 * the conflict panel, the form's banner) is brought into view and focused: on a
 * phone, Save sits at the bottom of a long sheet, and a message at its top
 * would go unseen. Each submit is counted as it happens; a problem shown in the
 * form submitted, during that submit, is a candidate, and the first of them in
 * the page's order is revealed, once per submit. Problems shown while typing
 * (a search refused) are not inside a form submitted and are left where they are.
 */
let submitted: { count: number; form: EventTarget | null; revealed: boolean } = {
  count: 0,
  form: null,
  revealed: false,
};
if (typeof document !== "undefined") {
  document.addEventListener(
    "submit",
    (event) => {
      submitted = { count: submitted.count + 1, form: event.target, revealed: false };
    },
    true,
  );
}
let candidates: HTMLElement[] = [];

function revealAfterSubmit(element: HTMLElement | null, count: number) {
  const { form } = submitted;
  if (!element || count !== submitted.count || submitted.revealed) return;
  if (!(form instanceof HTMLFormElement) || !form.contains(element)) return;
  candidates.push(element);
  if (candidates.length > 1) return;
  // Once the commit that shows the problems is on screen: all of them are candidates by then.
  requestAnimationFrame(() => {
    const [first] = candidates
      .filter((candidate) => candidate.isConnected)
      .sort((a, b) => (a.compareDocumentPosition(b) & Node.DOCUMENT_POSITION_FOLLOWING ? -1 : 1));
    candidates = [];
    if (!first || count !== submitted.count || submitted.revealed) return;
    submitted.revealed = true;
    first.scrollIntoView({ block: "center" });
    first.focus({ preventScroll: true });
  });
}

/**
 * A ref for the element that shows a problem (a field's input, a panel, a
 * banner): when `shown` (the problem's text, or anything truthy) appears after
 * a submit, the first such element of the form comes into view with the focus.
 */
export function useRevealProblem<T extends HTMLElement>(shown: unknown): RefObject<T | null> {
  const ref = useRef<T>(null);
  // The submit this render follows: a second failed submit with the same message reveals it again.
  const count = submitted.count;
  // biome-ignore lint/correctness/useExhaustiveDependencies: count changes with each submit, outside React.
  useEffect(() => {
    if (shown) revealAfterSubmit(ref.current, count);
  }, [shown, count]);
  return ref;
}

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
  const messageText = useMessageText();
  const message = error ? messageText(error) : undefined;
  const ref = useRevealProblem<HTMLInputElement>(message);
  return (
    <div className={`field${error ? " has-error" : ""}`}>
      <label htmlFor={id}>{label}</label>
      <input ref={ref} id={id} aria-invalid={Boolean(error)} aria-describedby={`${id}-note`} {...input} />
      <small id={`${id}-note`} className={error ? "error" : "hint"}>
        {message ?? hint}
      </small>
    </div>
  );
}

type InputFieldProps = FieldProps & InputHTMLAttributes<HTMLInputElement>;

/** An email address: the email keyboard on a phone; `autoComplete` says whose ("username" to sign in). */
export function EmailField(props: Omit<InputFieldProps, "type" | "inputMode">) {
  return <TextField type="email" inputMode="email" {...props} />;
}

/**
 * A password: the one the person has (`current-password`), or a new one
 * (`new`: the browser may suggest one, and the rules are the hint).
 */
export function PasswordField({
  isNew = false,
  ...props
}: Omit<InputFieldProps, "type"> & { isNew?: boolean }) {
  const { t } = useI18n();
  return (
    <TextField
      type="password"
      autoComplete={isNew ? "new-password" : "current-password"}
      hint={isNew ? t("password.hint") : undefined}
      {...props}
    />
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
  const messageText = useMessageText();
  const message = error ? messageText(error) : undefined;
  const ref = useRevealProblem<HTMLSelectElement>(message);
  return (
    <div className={`field${error ? " has-error" : ""}`}>
      <label htmlFor={id}>{label}</label>
      <select ref={ref} id={id} aria-invalid={Boolean(error)} {...select}>
        {children}
      </select>
      <small className={error ? "error" : "hint"}>{message ?? hint}</small>
    </div>
  );
}

/** The request's overall problem, when it is not about one field. */
export function FormError({ error }: { error: unknown }) {
  const { t, problem } = useI18n();
  const message = !error
    ? undefined
    : error instanceof ApiError
      ? problem(error.problem.errors?.[0] ?? error.problem)
      : t("common.networkError");
  const ref = useRevealProblem<HTMLParagraphElement>(message);
  if (!message) return null;
  return (
    <p ref={ref} className="form-error" role="alert" tabIndex={-1}>
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
