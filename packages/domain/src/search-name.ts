/**
 * The form of a name that searching compares: NFKC (full-width "ＡＢＣ" and
 * half-width "ABC" become one), lower case, single spaces. A prefix of a
 * name's search form finds it.
 */
export function searchForm(name: string): string {
  return name.normalize("NFKC").toLowerCase().trim().replace(/\s+/g, " ");
}
