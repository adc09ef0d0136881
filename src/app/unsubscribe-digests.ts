// A contact's answer to a digest's unsubscribe link: no more digests (deadline reminders still come).
import type { DigestContact, DigestDirectory } from './digest-ports.js';
import type { Clock } from './ports.js';

export interface UnsubscribeDeps {
  readonly digests: Pick<DigestDirectory, 'contact' | 'markDigestUnsubscribed'>;
  readonly clock: Clock;
}

/** The contact as it now stands, or null when there is no such contact. */
export async function unsubscribeFromDigests(deps: UnsubscribeDeps, contactId: string): Promise<DigestContact | null> {
  if (!(await deps.digests.markDigestUnsubscribed(contactId, deps.clock.now()))) return null;
  return deps.digests.contact(contactId);
}
