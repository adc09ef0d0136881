// A contact's answer to a digest's unsubscribe link: no more digests (deadline reminders still come);
// and its undoing, from the confirmation page or by staff (`certbell contact resubscribe EMAIL`).
import type { DigestContact, DigestDirectory } from './digest-ports.js';
import type { Clock } from './ports.js';

export interface UnsubscribeDeps {
  readonly digests: Pick<DigestDirectory, 'contact' | 'markDigestUnsubscribed' | 'markDigestResubscribed'>;
  readonly clock: Clock;
}

/** The contact as it now stands, or null when there is no such contact. */
export async function unsubscribeFromDigests(deps: UnsubscribeDeps, contactId: string): Promise<DigestContact | null> {
  if (!(await deps.digests.markDigestUnsubscribed(contactId, deps.clock.now()))) return null;
  return deps.digests.contact(contactId);
}

/** Digests come again; the contact as it now stands, or null when there is no such contact. */
export async function resubscribeToDigests(deps: UnsubscribeDeps, contactId: string): Promise<DigestContact | null> {
  if (!(await deps.digests.markDigestResubscribed(contactId, deps.clock.now()))) return null;
  return deps.digests.contact(contactId);
}

/**
 * Every contact with this address (one per organisation) gets digests again; the contacts as they now
 * stand, empty when no contact has it. An address a mail server refused stays refused: that is a
 * wrong address, which resubscribing does not mend.
 */
export async function resubscribeByEmail(deps: UnsubscribeDeps & { readonly digests: Pick<DigestDirectory, 'contactsByEmail'> }, email: string): Promise<DigestContact[]> {
  const contacts = await deps.digests.contactsByEmail(email.trim().toLowerCase());
  const now: DigestContact[] = [];
  for (const c of contacts) {
    const updated = await resubscribeToDigests(deps, c.contactId);
    if (updated) now.push(updated);
  }
  return now;
}
