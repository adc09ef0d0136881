// Which obligations a digest lists on a given day: the applicant's own, within the horizon and
// overdue; or, for staff, everything overdue, due this week and in the next 30 days.
import { addDays, compareDates, daysBetween } from '../domain/calendar/calendar-date.js';
import type { IsoDate } from '../domain/calendar/calendar-date.js';
import type { ObligationKind, SchemeId } from '../domain/case.js';
import type { PlannedObligation } from '../domain/obligations.js';
import type { WorkingDayCalendar } from '../domain/calendar/working-days.js';
import { timeLeftOf } from '../domain/time-left.js';
import { allSchemes, kindRank, toldToApplicant } from '../domain/schemes/registry.js';
import { endOfWeek } from './digest-schedule.js';
import type { ContactDigest, DigestContact, DigestDeps, DigestItem, StaffDigest, StaffDigestGroup, StaffDigestSection, StaffSectionId, UndeliveredReminder } from './digest-ports.js';

/** How many failed reminders the staff digest looks at; older ones are in `certbell outbox --status failed`. */
const UNDELIVERED_LOOKED_AT = 200;

// The order a reader expects: the registry's order of schemes and each scheme's own order of kinds, not the alphabet.
function schemeRank(scheme: SchemeId): number {
  return allSchemes().findIndex((s) => s.id === scheme);
}

function item(obligation: PlannedObligation, asOf: IsoDate, calendar: WorkingDayCalendar | null): DigestItem {
  return { obligation, daysLeft: daysBetween(asOf, obligation.dueOn), left: timeLeftOf(obligation, asOf, calendar) };
}

function byDue(a: DigestItem, b: DigestItem): number {
  const o = a.obligation;
  const p = b.obligation;
  return compareDates(o.dueOn, p.dueOn) || o.caseRef.localeCompare(p.caseRef) || kindRank(o.scheme, o.kind) - kindRank(p.scheme, p.kind);
}

/**
 * What an applicant's digest lists: the applicant-side obligations, and the staff-side ones the
 * scheme tells applicants of (WA-11: a suspension, what restores the certificate and by when; review
 * periods are never shown), that are overdue or due within the
 * horizon, overdue first and then by due date. An obligation whose window has not opened yet is
 * listed too: it is coming up.
 */
export function contactDigestItems(obligations: readonly PlannedObligation[], asOf: IsoDate, horizonDays: number, calendar: WorkingDayCalendar | null = null): DigestItem[] {
  const horizon = addDays(asOf, horizonDays);
  return obligations
    .filter((o) => toldToApplicant(o) && compareDates(o.dueOn, horizon) <= 0)
    .map((o) => item(o, asOf, calendar))
    .sort(byDue);
}

/** The staff digest's sections: overdue, due by Sunday, then due within the window; grouped by scheme and kind. */
export function staffDigestSections(
  obligations: readonly PlannedObligation[],
  asOf: IsoDate,
  options: { readonly windowDays: number; readonly itemsPerGroup: number; readonly calendar?: WorkingDayCalendar },
): { sections: StaffDigestSection[]; weekEndsOn: IsoDate; windowEndsOn: IsoDate } {
  const weekEndsOn = endOfWeek(asOf);
  const windowEndsOn = addDays(asOf, options.windowDays);
  const sectionOf = (o: PlannedObligation): StaffSectionId | null => {
    if (compareDates(o.dueOn, asOf) < 0) return 'overdue';
    if (compareDates(o.dueOn, weekEndsOn) <= 0) return 'this-week';
    return compareDates(o.dueOn, windowEndsOn) <= 0 ? 'next-30-days' : null;
  };
  const buckets = new Map<StaffSectionId, DigestItem[]>([
    ['overdue', []],
    ['this-week', []],
    ['next-30-days', []],
  ]);
  for (const o of obligations) {
    const section = sectionOf(o);
    if (section) buckets.get(section)?.push(item(o, asOf, options.calendar ?? null));
  }
  const sections = [...buckets].map(([id, items]): StaffDigestSection => ({ id, count: items.length, groups: groupByKind(items, options.itemsPerGroup) }));
  return { sections, weekEndsOn, windowEndsOn };
}

function groupByKind(items: DigestItem[], itemsPerGroup: number): StaffDigestGroup[] {
  const groups = new Map<string, { scheme: SchemeId; kind: ObligationKind; items: DigestItem[] }>();
  for (const i of items) {
    const key = `${i.obligation.scheme}|${i.obligation.kind}`;
    const group = groups.get(key) ?? { scheme: i.obligation.scheme, kind: i.obligation.kind, items: [] };
    group.items.push(i);
    groups.set(key, group);
  }
  return [...groups.values()]
    .sort((a, b) => schemeRank(a.scheme) - schemeRank(b.scheme) || kindRank(a.scheme, a.kind) - kindRank(b.scheme, b.kind))
    .map((g) => ({ scheme: g.scheme, kind: g.kind, count: g.items.length, items: g.items.sort(byDue).slice(0, itemsPerGroup) }));
}

export function isEmptyStaffDigest(digest: Pick<StaffDigest, 'sections' | 'undelivered'>): boolean {
  return digest.undelivered.length === 0 && digest.sections.every((s) => s.count === 0);
}

/** Whether a contact is to get digests at all. */
export function digestBlockedFor(contact: DigestContact): 'unsubscribed' | 'address-rejected' | 'no-address' | null {
  if (contact.digestUnsubscribedAt) return 'unsubscribed';
  if (contact.emailRejectedAt) return 'address-rejected';
  return contact.email ? null : 'no-address';
}

/** The digest of one contact on asOf, from the obligations stored now. */
export async function planContactDigest(deps: DigestDeps, contact: DigestContact, asOf: IsoDate, period: string): Promise<ContactDigest> {
  const dueBy = addDays(asOf, deps.settings.horizonDays);
  const obligations: PlannedObligation[] = [];
  for (const caseRef of contact.caseRefs) {
    for await (const page of deps.cases.obligations({ asOf, dueBy, caseRef })) obligations.push(...page);
  }
  return { asOf, period, horizonDays: deps.settings.horizonDays, contact, items: contactDigestItems(obligations, asOf, deps.settings.horizonDays, deps.calendar) };
}

/** The staff digest on asOf: every case's obligations in the window, and the undelivered reminders that still matter. */
export async function planStaffDigest(deps: DigestDeps, asOf: IsoDate, period: string): Promise<StaffDigest> {
  const windowEndsOn = addDays(asOf, deps.settings.staffWindowDays);
  const obligations: PlannedObligation[] = [];
  for await (const page of deps.cases.obligations({ asOf, dueBy: windowEndsOn })) obligations.push(...page);
  const planned = staffDigestSections(obligations, asOf, { windowDays: deps.settings.staffWindowDays, itemsPerGroup: deps.settings.staffItemsPerGroup, calendar: deps.calendar });
  return { asOf, period, weekEndsOn: planned.weekEndsOn, windowEndsOn: planned.windowEndsOn, sections: planned.sections, undelivered: await stillOpen(deps, asOf, await deps.digests.undeliveredReminders(UNDELIVERED_LOOKED_AT)) };
}

/** Undelivered reminders whose obligation is still owed: one met since is no longer worth a phone call. */
async function stillOpen(deps: DigestDeps, asOf: IsoDate, failed: readonly UndeliveredReminder[]): Promise<UndeliveredReminder[]> {
  const open = new Set<string>();
  for (const caseRef of new Set(failed.map((f) => f.caseRef))) {
    for await (const page of deps.cases.obligations({ asOf, caseRef })) for (const o of page) open.add(`${o.caseRef}|${o.kind}|${o.occurrence}`);
  }
  // One line per obligation and address: the latest step that failed says enough.
  const seen = new Set<string>();
  return failed.filter((f) => {
    const obligation = `${f.caseRef}|${f.kind}|${f.occurrence}`;
    const line = `${obligation}|${f.address}`;
    if (!open.has(obligation) || seen.has(line)) return false;
    seen.add(line);
    return true;
  });
}
