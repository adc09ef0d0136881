// What an escalation tells staff about its case besides the rule: the certificate number, the body
// the applicant deals with (the contact book's answer, the same as in the applicant's own messages),
// and each contact with whether certbell can reach them (a bound chat, an email refused or unsubscribed).
import { contactBook } from './contacts/contact-book.js';
import type { ContactReach, EscalationAbout, EscalationDeps, EscalationRecord } from './escalation-ports.js';
import type { CaseRecord } from './ports.js';

export async function escalationAbout(deps: EscalationDeps, escalation: EscalationRecord): Promise<EscalationAbout> {
  const record = await deps.cases.findByRef(escalation.caseRef);
  const province = record?.organization.province ?? null;
  const body = contactBook().answer(record?.scheme ?? escalation.detail.scheme, province);
  const certificateNo = record?.state.certificate?.certificateNo ?? null;
  if (!record) return { certificateNo, body, contacts: [] };
  return { certificateNo, body, contacts: await contactsReach(deps.reach, record) };
}

/**
 * Each contact of the case and whether certbell can reach them. The escalation message and the web
 * console's case page say the same; without `reach`, the contacts are listed unqualified.
 */
export async function contactsReach(reach: EscalationDeps['reach'], record: CaseRecord): Promise<ContactReach[]> {
  const recipients = reach ? ((await reach.recipients.recipientsOf([record.ref])).get(record.ref) ?? []) : [];
  const mail = reach ? await reach.digests.contactsOf([record.ref]) : [];
  return record.contacts.map((c): ContactReach => {
    const chats = recipients.find((r) => r.contactId === c.id)?.chats ?? [];
    const state = mail.find((m) => m.contactId === c.id);
    return {
      name: c.name,
      email: c.email,
      chat: chats.some((chat) => chat.status === 'active') ? 'active' : chats.length ? 'blocked' : 'none',
      emailState: state?.emailRejectedAt ? 'refused' : state?.digestUnsubscribedAt ? 'unsubscribed' : 'ok',
      digestsUnsubscribed: Boolean(state?.digestUnsubscribedAt),
      refusedReason: state?.emailRejectedAt ? state.emailRejectedReason : null,
    };
  });
}
