// What calendar feeds need: where feeds are kept (only their token's hash), how tokens are made,
// and who the owners are (their language, a contact's cases).
import type { AuditInput } from '../ports.js';
import type { CaseQueries } from './console-ports.js';
import type { StaffDirectory } from './staff-ports.js';

export type FeedOwnerKind = 'staff' | 'contact';

export interface CalendarFeed {
  readonly id: string;
  readonly ownerKind: FeedOwnerKind;
  /** The staff member's email, or the contact's id. */
  readonly owner: string;
  /** The case-list filter as query parameters ({} for everything the owner may see). */
  readonly filter: Readonly<Record<string, string>>;
  readonly createdAt: Date;
  readonly createdBy: string;
  readonly revokedAt: Date | null;
}

/** A contact feed with whom it is for, for the staff list. */
export interface ContactFeed extends CalendarFeed {
  readonly email: string;
  readonly organization: string;
}

export interface FeedStore {
  create(feed: CalendarFeed, tokenHash: string, audit: AuditInput): Promise<void>;
  /** The feed with this token hash, revoked or not. */
  byTokenHash(tokenHash: string): Promise<CalendarFeed | null>;
  find(id: string): Promise<CalendarFeed | null>;
  /** Feeds not revoked, newest first. */
  activeOf(ownerKind: FeedOwnerKind, owner: string): Promise<CalendarFeed[]>;
  /** Contact feeds not revoked, newest first, at most `limit`. */
  activeContactFeeds(limit: number): Promise<ContactFeed[]>;
  /** False when the feed is unknown or already revoked. */
  revoke(id: string, at: Date, audit: AuditInput): Promise<boolean>;
}

export interface FeedTokens {
  /** A new feed's id (a UUID). */
  newId(): string;
  /** 32 random bytes, base64url. */
  random(): string;
  hash(token: string): string;
  /** A contact feed's token, derived from its ids; null when no secret is configured. */
  readonly contactToken: ((contactId: string, feedId: string) => string) | null;
}

/** A contact a feed can be made for: one per organisation with that address. */
export interface FeedContact {
  readonly contactId: string;
  readonly email: string;
  readonly organization: string;
  readonly locale: string;
}

export interface FeedContacts {
  contact(contactId: string): Promise<FeedContact | null>;
  contactsByEmail(email: string): Promise<FeedContact[]>;
}

export interface FeedDeps {
  readonly feeds: FeedStore;
  readonly tokens: FeedTokens;
  readonly contacts: FeedContacts;
  readonly staff: Pick<StaffDirectory, 'find'>;
  readonly caseQueries: CaseQueries;
  readonly clock: { now(): Date };
  readonly zone: string;
}
