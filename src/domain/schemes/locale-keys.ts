// The words a scheme must bring (its folder's locale fragments), derived from what it declares, so
// that a scheme missing one is caught by a test and at start, not by a reader seeing a raw key.
import type { Scheme } from './scheme.js';

/** The keys a scheme's words fill; the translator accepts these families besides the shared words. */
export type SchemeWordKey =
  | `scheme.${string}`
  | `web.schemeShort.${string}`
  | `directory.${string}.${'title' | 'centre' | 'provinceNotListed'}`
  | `serviceType.${string}`
  | `stage.${string}.${string}`
  | `next.${string}.${string}`
  | `event.${string}`
  | `kind.${string}`
  | `reminder.todo.${string}`
  | `explanation.${string}`
  | `error.${string}`
  | `slack.${'title' | 'facts' | 'next'}.${string}.${string}`;

export function localeKeysNeeded(scheme: Scheme): SchemeWordKey[] {
  const keys: SchemeWordKey[] = [`scheme.${scheme.id}`, `web.schemeShort.${scheme.id}`, `directory.${scheme.id}.title`];
  if (scheme.contacts?.regional.length) keys.push(`directory.${scheme.id}.centre`, `directory.${scheme.id}.provinceNotListed`);
  for (const t of scheme.serviceTypes ?? []) keys.push(`serviceType.${t}`);
  for (const s of scheme.stages) keys.push(`stage.${scheme.id}.${s.id}`, `next.${scheme.id}.${s.id}`);
  for (const type of Object.keys(scheme.events)) keys.push(`event.${type}`);
  for (const k of scheme.obligationKinds) keys.push(`kind.${k.id}`, `reminder.todo.${k.id}`);
  for (const e of scheme.explanationKeys) keys.push(`explanation.${e}`);
  for (const code of scheme.errorCodes) keys.push(`error.${code}`);
  for (const [kind, stages] of Object.entries(scheme.escalationStages)) {
    for (const stage of stages) keys.push(`slack.title.${kind}.${stage}`, `slack.facts.${kind}.${stage}`, `slack.next.${kind}.${stage}`);
  }
  return keys;
}
