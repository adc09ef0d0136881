import type { SchemeId } from '../case.js';
import { cnceNs } from './cnce-ns/scheme.js';
import type { Scheme } from './scheme.js';
import { wal } from './wal/scheme.js';

const schemes: Readonly<Record<SchemeId, Scheme>> = { 'cnce-ns': cnceNs, wal };

export function isSchemeId(value: string): value is SchemeId {
  return Object.hasOwn(schemes, value);
}

export function schemeFor(id: SchemeId): Scheme {
  return schemes[id];
}

export function allSchemes(): Scheme[] {
  return Object.values(schemes);
}
