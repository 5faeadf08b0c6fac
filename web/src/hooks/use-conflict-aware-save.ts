import { type FormEvent, useState } from "react";
import { type Conflict, type FieldAccess, rebase } from "../components/conflicts";
import { useAction } from "./use-action";

/**
 * A form that saves a draft against the version of the record it was read
 * at. A save that meets someone else's change keeps what was typed: the
 * draft is rebased on the current version (`currentAfter` tells a conflict
 * from other failures and reads that version), fields only they changed are
 * taken, and each field both changed is shown as theirs against mine, to
 * choose before saving again. Nothing both changed: saved at once, a few times at most.
 */
export function useConflictAwareSave<D, R>({
  initial,
  base: edited,
  draftOf,
  fields,
  save,
  currentAfter,
}: {
  initial: D;
  /** The version edited; none when the form creates the record. */
  base: R | undefined;
  draftOf: (record: R) => D;
  /** Every field of the drafts, compared to find the conflicts. */
  fields: (...drafts: D[]) => FieldAccess<D>[];
  save: (draft: D, base: R | undefined) => Promise<void>;
  /** The current version when `failure` says the record changed meanwhile; else undefined. */
  currentAfter: (failure: unknown) => Promise<R | undefined>;
}) {
  const [draft, setDraft] = useState(initial);
  const [base, setBase] = useState(edited);
  const [conflicts, setConflicts] = useState<Conflict[]>([]);
  const { error, busy, run } = useAction();

  const attempt = async (mine: D, against: R | undefined, attempts = 3): Promise<void> => {
    try {
      await save(mine, against);
    } catch (failure) {
      if (!against || attempts <= 1) throw failure;
      const current = await currentAfter(failure);
      if (!current) throw failure;
      const [was, theirs] = [draftOf(against), draftOf(current)];
      const rebased = rebase(was, mine, theirs, fields(was, mine, theirs));
      setBase(current);
      setDraft(rebased.draft);
      setConflicts(rebased.conflicts);
      // Nothing both changed: theirs and mine together, saved at once against theirs.
      if (rebased.conflicts.length === 0) await attempt(rebased.draft, current, attempts - 1);
    }
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    return run(async () => {
      setConflicts([]);
      await attempt(draft, base);
    });
  };
  return { draft, setDraft, conflicts, error, busy, submit };
}
