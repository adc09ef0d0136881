// Digests through the outbox: one row per recipient per period, written when the schedule fires and
// rendered only when the dispatcher sends it, from the obligations stored by then.
import { toldToApplicant } from '../domain/schemes/registry.js';
import { addDays } from '../domain/calendar/calendar-date.js';
import type { IsoDate } from '../domain/calendar/calendar-date.js';
import type { MessageContent } from './delivery.js';
import type { ContactDigest, DigestContact, DigestDeps, RejectedAddressReport, StaffDigest } from './digest-ports.js';
import { digestBlockedFor, isEmptyStaffDigest, planContactDigest, planStaffDigest } from './plan-digest.js';
import type { NewOutboxEntry, OutboxComposer, OutboxEntry } from './reminder-ports.js';

/** What an outbox row of purpose 'digest' carries in its detail column. */
export type DigestDetail =
  | { readonly type: 'contact'; readonly asOf: IsoDate; readonly period: string }
  | { readonly type: 'staff'; readonly asOf: IsoDate; readonly period: string }
  | { readonly type: 'rejected'; readonly period: string; readonly report: RejectedAddressReport };

export interface DigestRun {
  readonly asOf: IsoDate;
  readonly period: string;
  readonly entries: readonly NewOutboxEntry[];
  /** Contacts with something to say who get no digest, and why. */
  readonly skipped: readonly { readonly contactId: string; readonly email: string; readonly reason: string }[];
  readonly enqueued: number;
}

/** Contacts are looked up in batches of this many cases. */
const CASES_PER_LOOKUP = 20_000;

/**
 * Writes one applicant digest per contact with something to say on asOf into the outbox. The key
 * names the contact and the period, so a second run for the period (another instance, a restart)
 * adds nothing.
 */
export async function enqueueContactDigests(deps: DigestDeps, run: { readonly asOf: IsoDate; readonly period: string; readonly dryRun?: boolean }): Promise<DigestRun> {
  const now = deps.clock.now();
  const dueBy = addDays(run.asOf, deps.settings.horizonDays);
  const refs = new Set<string>();
  for await (const page of deps.cases.obligations({ asOf: run.asOf, dueBy })) for (const o of page) if (toldToApplicant(o)) refs.add(o.caseRef);
  const all = [...refs];
  const contacts = new Map<string, DigestContact>();
  for (let i = 0; i < all.length; i += CASES_PER_LOOKUP) {
    for (const contact of await deps.digests.contactsOf(all.slice(i, i + CASES_PER_LOOKUP))) contacts.set(contact.contactId, contact);
  }
  const entries: NewOutboxEntry[] = [];
  const skipped: { contactId: string; email: string; reason: string }[] = [];
  for (const contact of contacts.values()) {
    const blocked = digestBlockedFor(contact);
    if (blocked) skipped.push({ contactId: contact.contactId, email: contact.email, reason: blocked });
    else entries.push(digestEntry({ type: 'contact', asOf: run.asOf, period: run.period }, contactDigestName(contact.contactId, run.period), contact.contactId, contact.email, contact.locale, now));
  }
  // Written once the reading is over, as the reminder sweep does (SQLite keeps a read's snapshot alive).
  const enqueued = run.dryRun || !entries.length ? 0 : await deps.outbox.enqueue(entries, now);
  return { asOf: run.asOf, period: run.period, entries, skipped, enqueued };
}

/** Writes the staff digest of asOf into the outbox, one row per staff address, unless there is nothing to say. */
export async function enqueueStaffDigests(deps: DigestDeps, run: { readonly asOf: IsoDate; readonly period: string }): Promise<DigestRun> {
  const now = deps.clock.now();
  const { staffEmails, staffLocale } = deps.settings;
  const empty = { asOf: run.asOf, period: run.period, entries: [], skipped: [], enqueued: 0 };
  if (!staffEmails.length || isEmptyStaffDigest(await planStaffDigest(deps, run.asOf, run.period))) return empty;
  const entries = staffEmails.map((email) => digestEntry({ type: 'staff', asOf: run.asOf, period: run.period }, staffDigestName(email, run.period), '', email, staffLocale, now));
  return { ...empty, entries, enqueued: await deps.outbox.enqueue(entries, now) };
}

/** A contact's digest as it would go out now, or null when it has nothing to say. */
export async function composeContactDigest(deps: DigestDeps, contact: DigestContact, asOf: IsoDate, period: string, at: Date): Promise<{ digest: ContactDigest; message: MessageContent } | null> {
  const digest = await planContactDigest(deps, contact, asOf, period);
  return digest.items.length ? { digest, message: deps.renderer.contactDigest(digest, at) } : null;
}

export async function composeStaffDigest(deps: DigestDeps, asOf: IsoDate, period: string, at: Date): Promise<{ digest: StaffDigest; message: MessageContent } | null> {
  const digest = await planStaffDigest(deps, asOf, period);
  return isEmptyStaffDigest(digest) ? null : { digest, message: deps.renderer.staffDigest(digest, deps.settings.staffLocale, at) };
}

/**
 * Renders a digest row just before it is sent, from what is stored then: an obligation met since
 * the row was written is left out, and a contact who unsubscribed meanwhile gets nothing. A
 * permanently refused address is recorded on the contact and reported to staff.
 */
export function digestComposer(deps: DigestDeps): OutboxComposer {
  return {
    async compose(row, now) {
      const detail = parseDetail(row.detail);
      if (!detail) return { kind: 'cancel', reason: 'no-detail' };
      if (detail.type === 'rejected') return { kind: 'send', message: deps.renderer.rejectedAddress(detail.report, row.locale) };
      if (detail.type === 'staff') {
        const staff = await composeStaffDigest(deps, detail.asOf, detail.period, now);
        return staff ? { kind: 'send', message: staff.message } : { kind: 'cancel', reason: 'nothing-to-say' };
      }
      const contact = await deps.digests.contact(row.contactId);
      if (!contact) return { kind: 'cancel', reason: 'contact-gone' };
      const blocked = digestBlockedFor(contact);
      if (blocked) return { kind: 'cancel', reason: blocked };
      const composed = await composeContactDigest(deps, contact, detail.asOf, detail.period, now);
      return composed ? { kind: 'send', message: composed.message } : { kind: 'cancel', reason: 'nothing-to-say' };
    },
    async failed(row, reason, at) {
      const detail = parseDetail(row.detail);
      // Only the server's final word on an applicant's address counts; an outage or our own
      // configuration is not the address's fault, and a report to staff is never reported again.
      if (detail?.type !== 'contact' || !reason.startsWith('rejected:')) return;
      const why = reason.slice('rejected:'.length).trim();
      await deps.digests.markEmailRejected(row.contactId, why, at);
      await reportRejection(deps, row, detail.period, why, at);
    },
  };
}

async function reportRejection(deps: DigestDeps, row: OutboxEntry, period: string, reason: string, at: Date): Promise<void> {
  const contact = await deps.digests.contact(row.contactId);
  const report: RejectedAddressReport = {
    contactId: row.contactId,
    name: contact?.name ?? '',
    organization: contact?.organization ?? '',
    address: row.address,
    reason,
    caseRefs: contact?.caseRefs ?? [],
  };
  const entries = deps.settings.staffEmails.map((email) =>
    digestEntry({ type: 'rejected', period, report }, `rejected|${row.contactId}|${period}|${email}`, row.contactId, email, deps.settings.staffLocale, at),
  );
  if (entries.length) await deps.outbox.enqueue(entries, at);
}

function contactDigestName(contactId: string, period: string): string {
  return `contact|${contactId}|${period}`;
}

function staffDigestName(email: string, period: string): string {
  return `staff|${email}|${period}`;
}

/** The outbox key of a digest: it also makes the email's Message-ID, so a preview shows the very one. */
export function digestKey(to: { readonly contactId: string } | { readonly staffEmail: string }, period: string): string {
  return `digest|${'contactId' in to ? contactDigestName(to.contactId, period) : staffDigestName(to.staffEmail, period)}`;
}

function digestEntry(detail: DigestDetail, name: string, contactId: string, address: string, locale: string, now: Date): NewOutboxEntry {
  const key = `digest|${name}`;
  return {
    key,
    reminder: key,
    purpose: 'digest',
    detail: JSON.stringify(detail),
    // A digest covers several cases, or all of them.
    caseRef: '',
    kind: 'digest',
    occurrence: detail.type === 'rejected' ? '' : detail.asOf,
    step: detail.type === 'rejected' ? 'rejected' : detail.period,
    contactId,
    channel: 'email',
    address,
    locale,
    status: 'pending',
    lastError: null,
    notBefore: now,
  };
}

function parseDetail(text: string | null): DigestDetail | null {
  if (!text) return null;
  try {
    const detail = JSON.parse(text) as DigestDetail;
    return detail.type === 'contact' || detail.type === 'staff' || detail.type === 'rejected' ? detail : null;
  } catch {
    return null;
  }
}
