/**
 * Where a customer stands among the tenant's customers, in memory that does
 * not grow with them: a histogram of values (exact for day and purchase
 * counts, three significant digits for money), and within one value a
 * deterministic order by a hash of the customer's id (ties are split the
 * same way every night, like a rank with a fixed tie-breaker).
 */
export class ValueHistogram {
  private readonly counts = new Map<number, { count: number; sum: number }>();
  private sorted?: { values: number[]; countBelow: number[]; sumAbove: number[]; total: number; sum: number };

  constructor(private readonly precision?: number) {}

  private bucket(value: number) {
    if (!this.precision || value === 0) return value;
    return Number(value.toPrecision(this.precision));
  }

  add(value: number) {
    const key = this.bucket(value);
    const entry = this.counts.get(key);
    if (entry) {
      entry.count++;
      entry.sum += value;
    } else this.counts.set(key, { count: 1, sum: value });
    this.sorted = undefined;
  }

  get size() {
    return this.counts.size;
  }

  private table() {
    if (this.sorted) return this.sorted;
    const values = [...this.counts.keys()].sort((p, q) => p - q);
    const countBelow: number[] = [];
    const sumAbove: number[] = new Array(values.length);
    let below = 0;
    for (const value of values) {
      countBelow.push(below);
      below += this.counts.get(value)?.count ?? 0;
    }
    let above = 0;
    for (let i = values.length - 1; i >= 0; i--) {
      sumAbove[i] = above;
      above += this.counts.get(values[i] as number)?.sum ?? 0;
    }
    this.sorted = { values, countBelow, sumAbove, total: below, sum: above };
    return this.sorted;
  }

  private locate(value: number) {
    const table = this.table();
    const key = this.bucket(value);
    let low = 0;
    let high = table.values.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      if ((table.values[mid] as number) < key) low = mid + 1;
      else high = mid;
    }
    const entry = table.values[low] === key ? this.counts.get(key) : undefined;
    return { table, index: low, entry };
  }

  /** The share of customers ranked below this value and tie-breaker, in [0, 1). */
  positionOf(value: number, tieBreaker: number): number {
    const { table, index, entry } = this.locate(value);
    if (table.total === 0) return 0;
    const below = (table.countBelow[index] ?? table.total) + (entry ? entry.count * tieBreaker : 0);
    return Math.min(below / table.total, 1 - 1e-12);
  }

  /** The share of the total held by customers ranked above this value and tie-breaker. */
  shareAbove(value: number, tieBreaker: number): number {
    const { table, index, entry } = this.locate(value);
    if (table.sum <= 0) return 1;
    const above = (table.sumAbove[index] ?? 0) + (entry ? entry.sum * (1 - tieBreaker) : 0);
    return above / table.sum;
  }

  /** The histogram as plain data (for a run's checkpoint). */
  toJSON(): Array<[number, number, number]> {
    return [...this.counts.entries()].map(([value, { count, sum }]) => [value, count, sum]);
  }

  static from(entries: ReadonlyArray<readonly [number, number, number]>, precision?: number) {
    const histogram = new ValueHistogram(precision);
    for (const [value, count, sum] of entries) histogram.counts.set(value, { count, sum });
    return histogram;
  }

  /** Points of the cumulative share of the total against the share of customers, largest values first (a Pareto curve). */
  paretoCurve(points: number): Array<{ customers: number; share: number }> {
    const table = this.table();
    const curve: Array<{ customers: number; share: number }> = [];
    if (table.total === 0) return curve;
    let seen = 0;
    let sum = 0;
    let next = 1;
    for (let i = table.values.length - 1; i >= 0 && next <= points; i--) {
      const entry = this.counts.get(table.values[i] as number);
      if (!entry) continue;
      const start = seen;
      seen += entry.count;
      // Within a bucket customers are alike: the share grows evenly across it.
      while (next <= points && (next / points) * table.total <= seen + 1e-9) {
        const part = ((next / points) * table.total - start) / entry.count;
        curve.push({
          customers: next / points,
          share: table.sum > 0 ? (sum + entry.sum * part) / table.sum : 0,
        });
        next++;
      }
      sum += entry.sum;
    }
    return curve;
  }

  /** The average value in each of n equal groups of customers, lowest first (deciles for n = 10). */
  groupAverages(groups: number): Array<{ group: number; customers: number; average: number; total: number }> {
    const table = this.table();
    const result = Array.from({ length: groups }, (_, group) => ({
      group: group + 1,
      customers: 0,
      average: 0,
      total: 0,
    }));
    if (table.total === 0) return result;
    let seen = 0;
    for (const value of table.values) {
      const entry = this.counts.get(value);
      if (!entry) continue;
      // A bucket is split over the groups it spans, in proportion.
      let left = entry.count;
      while (left > 1e-9) {
        const group = Math.min(groups - 1, Math.floor((seen / table.total) * groups + 1e-9));
        const room = ((group + 1) / groups) * table.total - seen;
        const taken = Math.min(left, room > 1e-9 ? room : left);
        const slot = result[group] as (typeof result)[number];
        slot.customers += taken;
        slot.total += (entry.sum / entry.count) * taken;
        seen += taken;
        left -= taken;
      }
    }
    for (const slot of result) {
      slot.average = slot.customers > 0 ? slot.total / slot.customers : 0;
      slot.customers = Math.round(slot.customers);
    }
    return result;
  }
}

/** A customer id's tie-breaker in [0, 1): FNV-1a, the same on every machine and night. */
export function tieBreaker(id: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) {
    hash ^= id.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0) / 4294967296;
}

/** A 1–5 score from a position in [0, 1): quintiles. */
export const quintile = (position: number) => Math.min(5, Math.floor(position * 5) + 1);
