// The languages certbell speaks: the one list that config, validation, the translator and every
// channel read.
export const locales = ['zh-CN', 'en'] as const;

export type Locale = (typeof locales)[number];

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (locales as readonly string[]).includes(value);
}
