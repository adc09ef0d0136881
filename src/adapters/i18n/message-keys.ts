// Every key `t` accepts: the shared words, derived from locales/en.json by the compiler, and the
// families a scheme brings words for (checked when the scheme registers, missingSchemeWords). A
// misspelt key fails the type check instead of showing a reader the raw key; the locale-keys test
// keeps zh-CN's keys equal to en's.
import type { SchemeWordKey } from '../../domain/schemes/locale-keys.js';

// `import type` cannot carry the import attribute a JSON module needs under NodeNext; a type query can,
// and costs nothing at run time.
// eslint-disable-next-line @typescript-eslint/consistent-type-imports
type English = typeof import('../../../locales/en.json', { with: { type: 'json' } });

/** "a.b.c" for each string leaf of a nested JSON object. */
type Leaves<T, Prefix extends string = ''> = {
  [K in keyof T & string]: T[K] extends string ? `${Prefix}${K}` : Leaves<T[K], `${Prefix}${K}.`>;
}[keyof T & string];

/** i18next picks `key_one`/`key_other` from `count`: callers name the key without the suffix. */
type WithoutPlural<K extends string> = K extends `${infer Base}_${'zero' | 'one' | 'two' | 'few' | 'many' | 'other'}` ? Base : K;

export type SharedKey = WithoutPlural<Leaves<English>>;

/**
 * Words for a refusal, looked up by its DomainError code: codes are open strings (a scheme adds its
 * own), so a missing one shows as the key and callers fall back (webErrorText, slack's errorText).
 */
export type ErrorWordKey = `${'slack.error' | 'invite.error' | 'web.error'}.${string}`;

export type MessageKey = SharedKey | SchemeWordKey | ErrorWordKey;
