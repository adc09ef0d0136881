// Checks shared by every way a case enters certbell (the CLI, imports), so both refuse the same things
// with the same codes.
import { isIsoDate } from '../domain/calendar/calendar-date.js';
import type { CaseEventInput, EventData, SchemeId } from '../domain/case.js';
import type { DomainError } from '../domain/result.js';
import { allSchemes, findScheme } from '../domain/schemes/registry.js';
import type { ContactInput, OrganizationInput } from './ports.js';

export const supportedLocales = ['zh-CN', 'en'] as const;

export interface CaseHeaderInput {
  readonly ref: unknown;
  readonly scheme: unknown;
  readonly organization: { readonly name: unknown; readonly province?: unknown };
  readonly serviceType?: unknown;
  readonly level: unknown;
  readonly contacts?: readonly { readonly name: unknown; readonly email: unknown; readonly locale?: unknown }[];
}

export interface CaseHeader {
  readonly ref: string;
  readonly scheme: SchemeId;
  readonly organization: OrganizationInput;
  readonly serviceType: string | null;
  readonly level: number;
  readonly contacts: readonly ContactInput[];
}

/** An error tied to the field it is about, so that a file import can point at it. */
export interface FieldError extends DomainError {
  readonly field: string;
}

// Telegram deep links and Slack commands carry refs, so keep them plain.
const refPattern = /^[A-Za-z0-9][A-Za-z0-9._/-]{0,63}$/;
const emailPattern = /^[^\s@<>()[\]\\,;:"]+@[^\s@<>()[\]\\,;:"]+\.[^\s@<>()[\]\\,;:"]+$/;

function text(value: unknown): string {
  return typeof value === 'string' ? value.trim() : '';
}

export function validateCaseHeader(input: CaseHeaderInput): { header: CaseHeader; errors: [] } | { header: null; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const ref = text(input.ref);
  if (!refPattern.test(ref)) errors.push({ field: 'ref', code: 'case/bad-ref', params: { value: String(input.ref ?? '') } });
  const schemeText = text(input.scheme);
  const scheme = findScheme(schemeText) ?? null;
  if (!scheme) errors.push({ field: 'scheme', code: 'scheme/unknown', params: { value: schemeText, known: allSchemes().map((s) => s.id).join(', ') } });
  const level = typeof input.level === 'string' && /^\d+$/.test(input.level.trim()) ? Number(input.level) : input.level;
  if (scheme && !(typeof level === 'number' && scheme.levels.includes(level))) {
    // The scheme's levels (CN-2, WA-1).
    errors.push({ field: 'level', code: 'level/invalid', params: { value: String(input.level ?? ''), scheme: scheme.id, levels: scheme.levels.join(', ') } });
  }
  const serviceType = text(input.serviceType) || null;
  if (scheme?.serviceTypes && !(serviceType && scheme.serviceTypes.includes(serviceType))) {
    // The scheme's service types (CN-1).
    errors.push({ field: 'serviceType', code: 'service-type/invalid', params: { value: serviceType ?? '', scheme: scheme.id, known: scheme.serviceTypes.join(', ') } });
  }
  if (scheme && !scheme.serviceTypes && serviceType) {
    errors.push({ field: 'serviceType', code: 'service-type/not-applicable', params: { value: serviceType, scheme: scheme.id } });
  }
  const name = text(input.organization?.name);
  if (!name) errors.push({ field: 'organization.name', code: 'organization/missing-name', params: {} });
  const contacts: ContactInput[] = [];
  for (const [i, c] of (input.contacts ?? []).entries()) {
    const email = text(c.email).toLowerCase();
    const locale = text(c.locale) || 'zh-CN';
    if (!emailPattern.test(email)) errors.push({ field: `contacts[${i}].email`, code: 'contact/bad-email', params: { value: text(c.email) } });
    if (!(supportedLocales as readonly string[]).includes(locale)) {
      errors.push({ field: `contacts[${i}].locale`, code: 'contact/bad-locale', params: { value: locale, known: supportedLocales.join(', ') } });
    }
    contacts.push({ name: text(c.name) || email, email, locale });
  }
  if (errors.length || !scheme) return { header: null, errors };
  return {
    header: {
      ref,
      scheme: scheme.id,
      organization: { name, province: text(input.organization.province) || null },
      serviceType,
      level: level as number,
      contacts,
    },
    errors: [],
  };
}

export interface EventInputFields {
  readonly type: unknown;
  readonly date: unknown;
  readonly certificateNo?: unknown;
  readonly expires?: unknown;
  readonly level?: unknown;
  readonly note?: unknown;
}

/** Shapes an event from loose input (a file, a command line), or says which field is wrong. */
export function parseEventInput(input: EventInputFields): { event: CaseEventInput; error: null } | { event: null; error: FieldError } {
  const type = text(input.type);
  if (!type) return { event: null, error: { field: 'type', code: 'event/missing-type', params: {} } };
  const date = text(input.date);
  if (!isIsoDate(date)) return { event: null, error: { field: 'date', code: 'date/invalid', params: { value: String(input.date ?? '') } } };
  const data: { -readonly [K in keyof EventData]: EventData[K] } = {};
  if (input.certificateNo !== undefined && input.certificateNo !== null && text(input.certificateNo)) data.certificateNo = text(input.certificateNo);
  if (input.expires !== undefined && input.expires !== null && text(input.expires)) {
    const expires = text(input.expires);
    if (!isIsoDate(expires)) return { event: null, error: { field: 'expires', code: 'date/invalid', params: { value: expires } } };
    data.expires = expires;
  }
  if (input.level !== undefined && input.level !== null && input.level !== '') {
    const level = Number(input.level);
    if (!Number.isInteger(level)) return { event: null, error: { field: 'level', code: 'level/invalid', params: { value: String(input.level), levels: '' } } };
    data.level = level;
  }
  if (typeof input.note === 'string' && input.note.trim()) data.note = input.note.trim();
  return { event: Object.keys(data).length ? { type, date, data } : { type, date }, error: null };
}
