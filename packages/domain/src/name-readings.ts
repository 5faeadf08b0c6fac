import type { pinyin } from "pinyin-pro";

/**
 * The pinyin dictionary (pinyin-pro, about 450 KB of code and a dictionary
 * built at load) that reads Chinese names: for search keys and sort forms.
 * It is loaded at its first need, not when a Lambda starts: most requests
 * (reading one customer, a list page) read no name. Every edge that may write
 * or search a name (an API request that is not a plain GET, a job, a test,
 * a script) awaits `loadNameReadings()` first; the functions that read a
 * name stay synchronous.
 */
let reader: typeof pinyin | undefined;
let loading: Promise<void> | undefined;

export function loadNameReadings(): Promise<void> {
  loading ??= import("pinyin-pro").then(
    (module) => {
      reader = module.pinyin;
    },
    (error: unknown) => {
      // A failed load (a lost file) is tried again by the next caller.
      loading = undefined;
      throw error;
    },
  );
  return loading;
}

/** The loaded reader; a caller that reads a Chinese name before loadNameReadings() finished is a bug. */
export function pinyinReader(): typeof pinyin {
  if (!reader) throw new Error("The pinyin dictionary is not loaded: await loadNameReadings() first.");
  return reader;
}
