// What the applicants' assistant needs besides the case store: invitations that bind a chat to a
// contact, and the chats' bindings and choices. Adapters implement these (src/adapters/db).
import type { CaseState, SchemeId } from '../domain/case.js';

/** Why a token did not bind. Adapters never show the reason to the chat: every refusal reads the same. */
export type InvitationRefusal = 'unknown' | 'used' | 'expired' | 'revoked';

export type RedeemOutcome =
  | { readonly kind: 'bound'; readonly contactId: string; readonly caseRef: string }
  | { readonly kind: 'refused'; readonly reason: InvitationRefusal };

export interface NewInvitation {
  readonly contactId: string;
  readonly caseRef: string;
  /** The actor who issued it (audit). */
  readonly issuedBy: string;
  readonly expiresAt: Date;
  /** A token chosen by the caller (tests); otherwise the repository draws a random one. */
  readonly token?: string;
}

export interface InvitationRepository {
  /** Stores the invitation (only the token's hash) with its audit entry; returns the token, which is not kept. */
  issue(invitation: NewInvitation, at: Date): Promise<{ readonly token: string }>;
  /**
   * Atomically uses an unused, unrevoked, unexpired invitation and binds the chat to its contact
   * (active again if it was blocked), with audit entries; a second redeem of the same token is refused.
   */
  redeem(token: string, chatId: string, at: Date): Promise<RedeemOutcome>;
  /** Revokes the open invitations of these contacts and unbinds their chats, with audit entries. */
  revoke(contactIds: readonly string[], actor: string, at: Date, context: Readonly<Record<string, string>>): Promise<{ readonly revoked: number; readonly unbound: number }>;
  /** Every contact with this address (one per organisation). */
  contactIdsByEmail(email: string): Promise<string[]>;
}

/** A case a chat may see, through the contact it is bound to, with what the assistant shows of it. */
export interface BoundCase {
  readonly caseRef: string;
  readonly scheme: SchemeId;
  readonly serviceType: string | null;
  /** The case's state as last written (stage, level, certificate). */
  readonly state: CaseState;
  readonly contactId: string;
  readonly contactName: string;
  readonly province: string | null;
  /** Telegram said the user blocked the bot (the binding is kept, reminders stop). */
  readonly blocked: boolean;
}

export interface ChatDirectory {
  /** The cases of every contact the chat is bound to (active or blocked), ordered by ref. */
  boundCases(chatId: string): Promise<BoundCase[]>;
  /** The chat wrote to us: bindings marked blocked (the user had blocked the bot) are active again. */
  reactivate(chatId: string, at: Date): Promise<void>;
  /** Removes every binding of the chat, with an audit entry; returns how many contacts it was bound to. */
  unbind(chatId: string, actor: string, at: Date): Promise<number>;
  markBlocked(chatId: string, at: Date): Promise<void>;
  /** The language chosen with /lang, or null. */
  localeOf(chatId: string): Promise<string | null>;
  setLocale(chatId: string, locale: string, at: Date): Promise<void>;
}
