// Checks shared by every way a case enters certbell (the CLI, imports), so both refuse the same things
// with the same codes.
import { isIsoDate } from '../domain/calendar/calendar-date.js';
import type { CaseEventInput, EventData } from '../domain/case.js';
import { isLocale, locales } from '../domain/locale.js';
import type { DomainError } from '../domain/result.js';
import { allSchemes, findScheme } from '../domain/schemes/registry.js';
import type { CaseHeader, ContactInput } from './ports.js';

export type { CaseHeader };

export interface CaseHeaderInput {
  readonly ref: unknown;
  readonly scheme: unknown;
  readonly organization: { readonly name: unknown; readonly province?: unknown };
  readonly serviceType?: unknown;
  readonly level: unknown;
  readonly contacts?: readonly { readonly name: unknown; readonly email: unknown; readonly locale?: unknown }[];
}

/**
 * A case header from flat fields, as the command line's options and the register's columns give it:
 * one organisation, and at most one contact (none without an email address). Checked afterwards by
 * validateCaseHeader, like any other input.
 */
export function headerFromFields(f: {
  readonly ref?: unknown;
  readonly scheme?: unknown;
  readonly organization?: unknown;
  readonly province?: unknown;
  readonly serviceType?: unknown;
  readonly level?: unknown;
  readonly contactName?: unknown;
  readonly email?: unknown;
  readonly locale?: unknown;
}): CaseHeaderInput {
  return {
    ref: f.ref,
    scheme: f.scheme,
    organization: { name: f.organization, province: f.province },
    serviceType: f.serviceType,
    level: f.level,
    contacts: f.email ? [{ name: f.contactName, email: f.email, locale: f.locale }] : [],
  };
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

/** Longest values, in characters: what emails, calendars and chat messages can carry. */
export const textLimits = { organization: 200, province: 50, contactName: 100, email: 254, certificateNo: 100, note: 1_000 } as const;

// A newline in a name reaches email headers and calendar files; a bidirectional override or an
// invisible character makes a name read differently from what is stored; U+FFFD is a wrongly
// decoded file.
const controlCharacter = /\p{Cc}/u;
const invisibleCharacter = /[\u061C\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF]/u;

/** A text field trimmed and normalised to NFC, or why it cannot be stored. */
export function checkedText(field: string, value: unknown, max: number): { text: string; error: null } | { text: null; error: FieldError } {
  const clean = text(value).normalize('NFC');
  const refuse = (code: string, params: Record<string, string | number>) => ({ text: null, error: { field, code, params: { field, ...params } } });
  const at = (i: number) => ({ position: [...clean.slice(0, i)].length + 1, codepoint: clean.codePointAt(i)!.toString(16).toUpperCase().padStart(4, '0') });
  const replaced = clean.indexOf('\uFFFD');
  if (replaced >= 0) return refuse('text/replacement-character', at(replaced));
  const control = clean.search(controlCharacter);
  if (control >= 0) return refuse('text/control-character', at(control));
  const invisible = clean.search(invisibleCharacter);
  if (invisible >= 0) return refuse('text/invisible-character', at(invisible));
  const length = [...clean].length;
  if (length > max) return refuse('text/too-long', { length, max });
  return { text: clean, error: null };
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
  const checked = (field: string, value: unknown, max: number) => {
    const result = checkedText(field, value, max);
    if (result.error) errors.push(result.error);
    return result.text ?? '';
  };
  const name = checked('organization.name', input.organization?.name, textLimits.organization);
  if (!name && !errors.some((e) => e.field === 'organization.name')) errors.push({ field: 'organization.name', code: 'organization/missing-name', params: {} });
  const province = checked('organization.province', input.organization?.province, textLimits.province);
  const contacts: ContactInput[] = [];
  for (const [i, c] of (input.contacts ?? []).entries()) {
    const email = checked(`contacts[${i}].email`, c.email, textLimits.email).toLowerCase();
    const locale = text(c.locale) || 'zh-CN';
    if (email && !emailPattern.test(email)) errors.push({ field: `contacts[${i}].email`, code: 'contact/bad-email', params: { value: email } });
    if (!email && !errors.some((e) => e.field === `contacts[${i}].email`)) errors.push({ field: `contacts[${i}].email`, code: 'contact/bad-email', params: { value: '' } });
    if (!isLocale(locale)) {
      errors.push({ field: `contacts[${i}].locale`, code: 'contact/bad-locale', params: { value: locale, known: locales.join(', ') } });
    }
    contacts.push({ name: checked(`contacts[${i}].name`, c.name, textLimits.contactName) || email, email, locale });
  }
  if (errors.length || !scheme) return { header: null, errors };
  return {
    header: {
      ref,
      scheme: scheme.id,
      organization: { name, province: province || null },
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
  /** CN-14: record a renewal applied for before its window opens (an explicit, audited override). */
  readonly outsideWindow?: unknown;
  readonly scheduledFor?: unknown;
  readonly correctBy?: unknown;
}

/** Shapes an event from loose input (a file, a command line), or says which field is wrong. */
export function parseEventInput(input: EventInputFields): { event: CaseEventInput; error: null } | { event: null; error: FieldError } {
  const type = text(input.type);
  if (!type) return { event: null, error: { field: 'type', code: 'event/missing-type', params: {} } };
  const date = text(input.date);
  if (!isIsoDate(date)) return { event: null, error: { field: 'date', code: 'date/invalid', params: { value: String(input.date ?? '') } } };
  const data: { -readonly [K in keyof EventData]: EventData[K] } = {};
  if (input.certificateNo !== undefined && input.certificateNo !== null && text(input.certificateNo)) {
    const certificateNo = checkedText('certificateNo', input.certificateNo, textLimits.certificateNo);
    if (certificateNo.error) return { event: null, error: certificateNo.error };
    data.certificateNo = certificateNo.text;
  }
  for (const field of ['expires', 'scheduledFor', 'correctBy'] as const) {
    if (input[field] === undefined || input[field] === null || !text(input[field])) continue;
    const value = text(input[field]);
    if (!isIsoDate(value)) return { event: null, error: { field, code: 'date/invalid', params: { value } } };
    data[field] = value;
  }
  if (input.outsideWindow === true) data.outsideWindow = true;
  if (input.level !== undefined && input.level !== null && input.level !== '') {
    const level = Number(input.level);
    if (!Number.isInteger(level)) return { event: null, error: { field: 'level', code: 'level/invalid', params: { value: String(input.level), levels: '' } } };
    data.level = level;
  }
  if (typeof input.note === 'string' && input.note.trim()) {
    const note = checkedText('note', input.note, textLimits.note);
    if (note.error) return { event: null, error: note.error };
    data.note = note.text;
  }
  return { event: Object.keys(data).length ? { type, date, data } : { type, date }, error: null };
}
