// Calendar feeds: a secret address a calendar app subscribes to, listing the open deadlines a staff
// member chose (all, or the current filter) or those of one contact's cases. Made and revoked by
// staff, each step audited; the token itself is never stored.
import { addDays, addMonths } from '../../domain/calendar/calendar-date.js';
import type { DomainError, Result } from '../../domain/result.js';
import type { CaseFilter, FeedScope, ListedObligation } from './console-ports.js';
import type { CalendarFeed, ContactFeed, FeedContact, FeedDeps } from './feed-ports.js';
import { parseCaseFilter } from './find-cases.js';
import { currentDay } from './show-calendar.js';

/** A feed reaches back this far, for deadlines just missed, and this far ahead. */
const FEED_DAYS_BACK = 30;
const FEED_MONTHS_AHEAD = 18;
/** Far more than a month's deadlines of a whole register filter; a calendar app would choke on more. */
export const FEED_MAX_EVENTS = 5_000;
const CONTACT_FEEDS_LISTED = 200;

/** The filter's parts a feed keeps: what narrows the cases, not the list's page, sort or due range. */
export function feedFilterOf(filter: CaseFilter): Record<string, string> {
  const parts: Record<string, string | number | undefined> = { q: filter.text, scheme: filter.scheme, level: filter.level, stage: filter.stage, province: filter.province, status: filter.status, kind: filter.kind };
  return Object.fromEntries(Object.entries(parts).flatMap(([k, v]) => (v === undefined || v === '' ? [] : [[k, String(v)]])));
}

export function feedCaseFilter(feed: CalendarFeed): CaseFilter {
  return parseCaseFilter(feed.filter).filter;
}

export async function createStaffFeed(deps: FeedDeps, email: string, filter: CaseFilter | null): Promise<{ readonly feed: CalendarFeed; readonly token: string }> {
  const token = deps.tokens.random();
  const feed: CalendarFeed = { id: deps.tokens.newId(), ownerKind: 'staff', owner: email, filter: filter ? feedFilterOf(filter) : {}, createdAt: deps.clock.now(), createdBy: `web:${email}`, revokedAt: null };
  await deps.feeds.create(feed, deps.tokens.hash(token), { actor: feed.createdBy, action: 'feed.create', subject: feed.id, details: { ownerKind: 'staff', owner: email, filter: feed.filter } });
  return { feed, token };
}

export interface ContactFeedLink {
  readonly contact: FeedContact;
  readonly feed: CalendarFeed;
  readonly token: string;
  /** False when the contact already had a feed: its address is shown again, nothing new is made. */
  readonly created: boolean;
}

/** A feed for each contact with this address (one per organisation), or the one they already have. */
export async function createContactFeeds(deps: FeedDeps, email: string, actor: string): Promise<Result<ContactFeedLink[], DomainError>> {
  const derive = deps.tokens.contactToken;
  if (!derive) return { ok: false, error: { code: 'feed/no-secret', params: {} } };
  const address = email.trim().toLowerCase();
  const contacts = address ? await deps.contacts.contactsByEmail(address) : [];
  if (!contacts.length) return { ok: false, error: { code: 'feed/no-contact', params: { email: address } } };
  const links: ContactFeedLink[] = [];
  for (const contact of contacts) {
    const [existing] = await deps.feeds.activeOf('contact', contact.contactId);
    if (existing) {
      links.push({ contact, feed: existing, token: derive(contact.contactId, existing.id), created: false });
      continue;
    }
    const feed: CalendarFeed = { id: deps.tokens.newId(), ownerKind: 'contact', owner: contact.contactId, filter: {}, createdAt: deps.clock.now(), createdBy: actor, revokedAt: null };
    const token = derive(contact.contactId, feed.id);
    await deps.feeds.create(feed, deps.tokens.hash(token), { actor, action: 'feed.create', subject: feed.id, details: { ownerKind: 'contact', owner: contact.contactId, email: contact.email } });
    links.push({ contact, feed, token, created: true });
  }
  return { ok: true, value: links };
}

/** The feeds a staff member sees on the calendar page: their own, and every contact feed. */
export async function feedsOf(deps: FeedDeps, email: string): Promise<{ readonly own: CalendarFeed[]; readonly contacts: ContactFeed[] }> {
  const [own, contacts] = await Promise.all([deps.feeds.activeOf('staff', email), deps.feeds.activeContactFeeds(CONTACT_FEEDS_LISTED)]);
  return { own, contacts };
}

/** Staff revoke their own feeds and contacts' feeds, never another member's. */
export async function revokeFeed(deps: FeedDeps, id: string, email: string): Promise<Result<CalendarFeed, DomainError>> {
  const feed = await deps.feeds.find(id);
  const allowed = feed && !feed.revokedAt && (feed.ownerKind === 'contact' || feed.owner === email);
  if (!feed || !allowed) return { ok: false, error: { code: 'feed/not-found', params: {} } };
  const done = await deps.feeds.revoke(id, deps.clock.now(), { actor: `web:${email}`, action: 'feed.revoke', subject: id, details: { ownerKind: feed.ownerKind, owner: feed.owner } });
  return done ? { ok: true, value: feed } : { ok: false, error: { code: 'feed/not-found', params: {} } };
}

export interface FeedContent {
  readonly feed: CalendarFeed;
  readonly locale: string;
  readonly obligations: readonly ListedObligation[];
  readonly at: Date;
}

/** What a feed's address serves; null for an unknown or revoked token, whatever the reason. */
export async function readFeed(deps: FeedDeps, token: string): Promise<FeedContent | null> {
  if (!/^[A-Za-z0-9_-]{43}$/.test(token)) return null;
  const feed = await deps.feeds.byTokenHash(deps.tokens.hash(token));
  if (!feed || feed.revokedAt) return null;
  const owner = feed.ownerKind === 'staff' ? await deps.staff.find(feed.owner) : await deps.contacts.contact(feed.owner);
  // A removed member's or deleted contact's feed ends with them.
  if (!owner) return null;
  const scope: FeedScope = feed.ownerKind === 'contact' ? { kind: 'contact', contactId: feed.owner } : { kind: 'filter', filter: feedCaseFilter(feed) };
  const asOf = currentDay(deps);
  const obligations = await deps.caseQueries.feedObligations(scope, asOf, addDays(asOf, -FEED_DAYS_BACK), addMonths(asOf, FEED_MONTHS_AHEAD), FEED_MAX_EVENTS);
  return { feed, locale: owner.locale, obligations, at: deps.clock.now() };
}
