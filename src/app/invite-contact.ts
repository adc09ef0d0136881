// Staff invite a case contact to the Telegram assistant (a single-use deep link that expires), and
// revoke what they issued. Used by the command line and by Slack.
import { fail, ok } from '../domain/result.js';
import type { Result } from '../domain/result.js';
import type { InvitationRepository } from './assistant-ports.js';
import type { ContactRecord, Deps } from './ports.js';
import { notFound } from './record-event.js';

export interface InviteDeps extends Deps {
  readonly invitations: InvitationRepository;
  readonly invite: { readonly botUsername: string | null; readonly validDays: number };
  /** Draws the token; the repository draws a random one when absent. */
  readonly randomToken?: () => string;
}

const DAY_MS = 86_400_000;

/** What Telegram accepts after ?start= (https://core.telegram.org/bots/features#deep-linking). */
export const DEEP_LINK_TOKEN = /^[A-Za-z0-9_-]{1,64}$/;

/** A bot username as BotFather allows it (5–32 characters, ending in "bot"), with or without "@". */
const BOT_USERNAME = /^@?([A-Za-z][A-Za-z0-9_]{4,31})$/;

function normalEmail(email: string): string {
  return email.trim().toLowerCase();
}

function contactOf(contacts: readonly ContactRecord[], email: string): ContactRecord | undefined {
  const wanted = normalEmail(email);
  return contacts.find((c) => c.email.toLowerCase() === wanted);
}

export async function inviteContact(
  deps: InviteDeps,
  input: { caseRef: string; email: string; actor: string },
): Promise<Result<{ link: string; expiresAt: Date; contactName: string }>> {
  const bot = BOT_USERNAME.exec(deps.invite.botUsername ?? '')?.[1];
  if (!bot) return fail('invite/no-bot-username');
  const record = await deps.cases.findByRef(input.caseRef.trim());
  if (!record) return { ok: false, error: notFound(input.caseRef) };
  const contact = contactOf(record.contacts, input.email);
  if (!contact) return fail('invite/not-a-contact', { ref: record.ref, email: normalEmail(input.email) });
  const now = deps.clock.now();
  const expiresAt = new Date(now.getTime() + deps.invite.validDays * DAY_MS);
  const chosen = deps.randomToken?.();
  if (chosen !== undefined && !DEEP_LINK_TOKEN.test(chosen)) throw new Error('an invitation token must be 1 to 64 characters of A-Z a-z 0-9 _ -');
  const { token } = await deps.invitations.issue(
    { contactId: contact.id, caseRef: record.ref, issuedBy: input.actor, expiresAt, ...(chosen === undefined ? {} : { token: chosen }) },
    now,
  );
  return ok({ link: `https://t.me/${bot}?start=${token}`, expiresAt, contactName: contact.name });
}

/**
 * Revokes the open invitations of the contacts named (a case's contacts, a contact by email, or the
 * one contact with that email on that case) and unbinds their chats. A binding gives a chat every
 * case of the contact, so revoking only one case's invitation would leave the others reachable.
 */
export async function revokeInvitations(
  deps: InviteDeps,
  input: { caseRef?: string; email?: string; actor: string },
): Promise<Result<{ revoked: number; unbound: number }>> {
  const caseRef = input.caseRef?.trim() || undefined;
  const email = input.email === undefined || input.email.trim() === '' ? undefined : normalEmail(input.email);
  if (!caseRef && !email) return fail('invite/revoke-needs-filter');
  let contactIds: string[];
  if (caseRef) {
    const record = await deps.cases.findByRef(caseRef);
    if (!record) return { ok: false, error: notFound(caseRef) };
    if (email) {
      const contact = contactOf(record.contacts, email);
      if (!contact) return fail('invite/not-a-contact', { ref: record.ref, email });
      contactIds = [contact.id];
    } else {
      contactIds = record.contacts.map((c) => c.id);
    }
  } else {
    contactIds = await deps.invitations.contactIdsByEmail(email ?? '');
    if (!contactIds.length) return fail('invite/unknown-email', { email: email ?? '' });
  }
  const context = { ...(caseRef ? { caseRef } : {}), ...(email ? { email } : {}) };
  return ok(await deps.invitations.revoke(contactIds, input.actor, deps.clock.now(), context));
}
