import type * as PhoneNumbers from "libphonenumber-js";
import type { pinyin } from "pinyin-pro";

/**
 * What search keys and sort forms read names and phone numbers with: the
 * pinyin dictionary (pinyin-pro, about 450 KB of code and a dictionary built
 * at load) for Chinese names, and the phone library (libphonenumber-js and
 * its metadata, about 160 KB) for phones' national numbers. Both are loaded
 * at their first need, not when a Lambda starts: most requests (reading one
 * customer, a list page) read no name and no phone. Every edge that may write
 * or search a name or a phone (an API request that is not a plain GET, a job,
 * a test, a script) awaits `loadNameReadings()` first; the functions that
 * read them stay synchronous. (Schemas that check phones, phone.ts, import
 * the library themselves: they are built with the routes, not at start.)
 */
let reader: typeof pinyin | undefined;
let phones: typeof PhoneNumbers | undefined;
let loading: Promise<void> | undefined;

export function loadNameReadings(): Promise<void> {
  loading ??= Promise.all([import("pinyin-pro"), import("libphonenumber-js")]).then(
    ([pinyinModule, phoneModule]) => {
      reader = pinyinModule.pinyin;
      phones = phoneModule;
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

/** The loaded phone library; a caller that reads a phone's search key before loadNameReadings() finished is a bug. */
export function phoneNumbers(): typeof PhoneNumbers {
  if (!phones) throw new Error("The phone library is not loaded: await loadNameReadings() first.");
  return phones;
}
