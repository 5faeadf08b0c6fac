import { useI18n } from "../i18n";
import { useRevealProblem } from "./form";

/**
 * Edit conflicts, field by field. A save made against an old version (412)
 * keeps what the person typed: the form is rebased on the current version
 * (their changes in fields the person did not touch are taken as they are),
 * and each field both sides changed, to different values, is shown as theirs
 * against mine, for the person to choose. Then the save goes against the
 * current version.
 */

/** Thrown by a form's save when the record changed meanwhile; carries the current version. */
export class EditConflict<T> extends Error {
  constructor(readonly current: T) {
    super("The record was changed by someone else meanwhile.");
  }
}

/** How a form reads and writes one field of its draft; `get` gives a comparable value. */
export type FieldAccess<D> = {
  key: string;
  get: (draft: D) => unknown;
  set: (draft: D, value: unknown) => D;
};

export type Conflict = { key: string; mine: unknown; theirs: unknown };

const sameValue = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/**
 * The draft to save against `theirs`: theirs, with every field the person
 * changed from `base` set to what they typed; and the fields both changed
 * differently, which the person must see.
 */
export function rebase<D>(
  base: D,
  mine: D,
  theirs: D,
  fields: FieldAccess<D>[],
): { draft: D; conflicts: Conflict[] } {
  let draft = theirs;
  const conflicts: Conflict[] = [];
  for (const field of fields) {
    const [was, typed, now] = [field.get(base), field.get(mine), field.get(theirs)];
    if (sameValue(typed, was)) continue;
    draft = field.set(draft, typed);
    if (!sameValue(now, was) && !sameValue(now, typed))
      conflicts.push({ key: field.key, mine: typed, theirs: now });
  }
  return { draft, conflicts };
}

/** Theirs against mine for each conflicting field; a tap chooses one, and the field below follows. */
export function ConflictPanel<D>({
  conflicts,
  draft,
  fields,
  label,
  shown,
  onChoose,
}: {
  conflicts: Conflict[];
  draft: D;
  fields: FieldAccess<D>[];
  label: (key: string) => string;
  shown: (key: string, value: unknown) => string;
  onChoose: (draft: D) => void;
}) {
  const { t } = useI18n();
  // Shown after a save, above the fields: brought into view, where the thumb was on Save.
  const ref = useRevealProblem<HTMLElement>(conflicts.length > 0 && conflicts);
  if (conflicts.length === 0) return null;
  const show = (key: string, value: unknown) =>
    value === null || value === undefined || value === "" || (Array.isArray(value) && value.length === 0)
      ? t("conflict.empty")
      : shown(key, value);
  return (
    <section ref={ref} className="conflicts" aria-label={t("conflict.title")} tabIndex={-1}>
      <h3>{t("conflict.title")}</h3>
      <p>{t("conflict.lead")}</p>
      {conflicts.map((conflict) => {
        const field = fields.find((one) => one.key === conflict.key);
        if (!field) return null;
        const current = field.get(draft);
        const name = label(conflict.key);
        return (
          <fieldset key={conflict.key} className="conflict">
            <legend>{name}</legend>
            <div className="segmented">
              <button
                type="button"
                aria-pressed={sameValue(current, conflict.theirs)}
                aria-label={t("conflict.takeTheirs", {
                  field: name,
                  value: show(conflict.key, conflict.theirs),
                })}
                onClick={() => onChoose(field.set(draft, conflict.theirs))}
              >
                <small>{t("conflict.theirs")}</small>
                <span>{show(conflict.key, conflict.theirs)}</span>
              </button>
              <button
                type="button"
                aria-pressed={sameValue(current, conflict.mine)}
                aria-label={t("conflict.keepMine", { field: name, value: show(conflict.key, conflict.mine) })}
                onClick={() => onChoose(field.set(draft, conflict.mine))}
              >
                <small>{t("conflict.mine")}</small>
                <span>{show(conflict.key, conflict.mine)}</span>
              </button>
            </div>
          </fieldset>
        );
      })}
    </section>
  );
}
