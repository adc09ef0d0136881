// What the web console's sign-in needs from the outside world: the staff list the operator keeps,
// single-use sign-in links, sessions, and a way to mail a link. Adapters implement these.
import type { AuditInput } from '../ports.js';
import type { Locale } from '../../domain/locale.js';

export type ConsoleLocale = Locale;

export interface StaffMember {
  readonly email: string;
  readonly locale: ConsoleLocale;
  readonly addedAt: Date;
  readonly addedBy: string;
}

export interface StaffDirectory {
  /** False when the address was already listed (nothing changes then). Writes the audit entry with it. */
  add(member: StaffMember, audit: AuditInput): Promise<boolean>;
  /** Removes the member and ends their sessions; false when the address was not listed. */
  remove(email: string, at: Date, audit: AuditInput): Promise<boolean>;
  list(): Promise<StaffMember[]>;
  find(email: string): Promise<StaffMember | null>;
  setLocale(email: string, locale: ConsoleLocale, at: Date, audit: AuditInput): Promise<void>;
}

export interface SignInLinks {
  /** Stores the hash of a fresh random token and returns the token itself, which is never stored. */
  issue(email: string, expiresAt: Date, at: Date): Promise<{ readonly token: string }>;
  /** How many links were issued to the address since then (rate limiting, across instances). */
  issuedSince(email: string, since: Date): Promise<number>;
  /** Marks the token used, atomically, and returns its address; null when unknown, used or expired. */
  redeem(token: string, at: Date): Promise<string | null>;
}

export interface WebSessions {
  /** Stores the hash of a fresh random session id and returns the id, for the cookie. */
  open(email: string, at: Date, idleExpiresAt: Date, expiresAt: Date, audit: AuditInput): Promise<{ readonly sessionId: string }>;
  /** The session's member when it is live at `at`; pushes its idle expiry out to `idleExpiresAt`. */
  resume(sessionId: string, at: Date, idleExpiresAt: Date): Promise<StaffMember | null>;
  end(sessionId: string, at: Date): Promise<void>;
}

export interface SignInMailer {
  /** Sends the link; false when the mail server refused it (the reason is the adapter's to log). */
  send(to: StaffMember, link: string, expiresAt: Date): Promise<boolean>;
}

export interface SignInSettings {
  /** How long a link works: 15 minutes. */
  readonly linkValidMs: number;
  /** Links an address may be sent per window. */
  readonly linksPerWindow: number;
  readonly windowMs: number;
  /** A session not used for this long ends. */
  readonly idleMs: number;
  /** A session ends this long after sign-in, used or not. */
  readonly maxAgeMs: number;
  /** Where links point: the console's public address, e.g. https://certbell.example.cn */
  readonly baseUrl: string;
}

export interface SignInDeps {
  readonly staff: StaffDirectory;
  readonly links: SignInLinks;
  readonly sessions: WebSessions;
  readonly mailer: SignInMailer;
  readonly clock: { now(): Date };
  readonly settings: SignInSettings;
}
