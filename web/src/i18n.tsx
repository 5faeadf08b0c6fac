import type { LOCALES } from "@crm/domain/constants";
import { createContext, type ReactNode, useCallback, useContext, useMemo, useState } from "react";
import type { MessageKey, Messages } from "./messages/en.js";

export type { MessageKey };

export type Lang = (typeof LOCALES)[number];

/** Each language by its own name, as a language choice shows it. */
export const LANGUAGE_NAMES: Record<Lang, string> = { "zh-CN": "简体中文", en: "English" };

/** What the API says about a problem: a whole answer (detail) or one field (message). */
type Described = {
  code?: string;
  message?: string;
  detail?: string;
  params?: Record<string, unknown>;
} & Record<string, unknown>;

const fill = (text: string, vars: Record<string, unknown>) =>
  text.replace(/\{(\w+)\}/g, (_, name: string) => String(vars[name] ?? ""));

/** Field problems read `field.<code>` (codes are kebab-case; field labels camelCase), answers `problem.<code>`; an unknown code shows the API's English. */
function describe(messages: Messages, problem: string | Described): string {
  if (typeof problem === "string") return problem;
  const isField = typeof problem.path === "string";
  const key = `${isField ? "field" : "problem"}.${problem.code ?? ""}` as MessageKey;
  const text = messages[key];
  if (text === undefined) return problem.message ?? problem.detail ?? "";
  return fill(text, isField ? (problem.params ?? {}) : problem);
}

/**
 * Each locale's texts are their own chunk: a reader downloads only the
 * language they read (and the other once, if they switch).
 */
const catalogs: Record<Lang, () => Promise<Messages>> = {
  en: () => import("./messages/en.js").then((module) => module.en),
  "zh-CN": () => import("./messages/zh-CN.js").then((module) => module.zhCN),
};
const loaded: Partial<Record<Lang, Messages>> = {};

/** Loads a locale's texts; the app renders once the reader's are in. */
export async function loadMessages(lang: Lang): Promise<void> {
  loaded[lang] ??= await catalogs[lang]();
}

const LANG_KEY = "crm.lang";

export function initialLang(): Lang {
  const saved = localStorage.getItem(LANG_KEY);
  if (saved === "en" || saved === "zh-CN") return saved;
  return navigator.language.toLowerCase().startsWith("zh") ? "zh-CN" : "en";
}

type I18n = {
  lang: Lang;
  setLang: (lang: Lang) => void;
  t: (key: MessageKey, vars?: Record<string, string>) => string;
  /**
   * A problem from the API (the whole answer, or one field's) in the reader's
   * language, from its stable code; a string is a text already translated.
   */
  problem: (problem: string | Described) => string;
};

const I18nContext = createContext<I18n | null>(null);

export function I18nProvider({ children }: { children: ReactNode }) {
  const [lang, setLangState] = useState<Lang>(initialLang);
  const setLang = useCallback((next: Lang) => {
    localStorage.setItem(LANG_KEY, next);
    void loadMessages(next).then(() => setLangState(next));
  }, []);
  const value = useMemo<I18n>(() => {
    document.documentElement.lang = lang;
    const messages = loaded[lang];
    if (!messages) throw new Error(`The ${lang} texts are not loaded: call loadMessages first.`);
    return {
      lang,
      setLang,
      t: (key, vars = {}) => messages[key].replace(/\{(\w+)\}/g, (_, name: string) => vars[name] ?? ""),
      problem: (problem) => describe(messages, problem),
    };
  }, [lang, setLang]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const i18n = useContext(I18nContext);
  if (!i18n) throw new Error("useI18n outside I18nProvider");
  return i18n;
}
