// A reminder that found no channel (the contact had no chat and no usable email when it fell due) is
// not lost: once the contact binds a chat, the current step of each of its open obligations that
// never reached it goes to that chat, once. The sweep uses the same check, so what it lists is what
// it enqueues.
import { todayIn } from '../domain/calendar/calendar-date.js';
import { reminderDue } from '../domain/reminders.js';
import type { NewOutboxEntry, ReminderDeps } from './reminder-ports.js';
import { entriesToEnqueue, outboxEntry } from './sweep-reminders.js';

/**
 * A chat was just bound to `contactId`: each open applicant obligation of its cases whose current
 * reminder step reached no channel goes to the chat (on the next dispatch). Returns how many were queued.
 */
export async function remindBoundChat(deps: ReminderDeps, input: { readonly chatId: string; readonly contactId: string; readonly caseRefs: readonly string[] }): Promise<number> {
  if (!input.caseRefs.length || !deps.channels.telegram) return 0;
  const now = deps.clock.now();
  const asOf = todayIn(now, deps.zone);
  // To the chat only, whichever channel the preference puts first, unless it leaves chats out.
  const toChat: ReminderDeps = { ...deps, channelPreference: deps.channelPreference.filter((c) => c === 'telegram') };
  const recipients = await deps.recipients.recipientsOf(input.caseRefs);
  const entries: NewOutboxEntry[] = [];
  for (const caseRef of input.caseRefs) {
    const contact = recipients.get(caseRef)?.find((r) => r.contactId === input.contactId);
    if (!contact) continue;
    // The chat just bound is the one the reminder goes to, whichever other chats the contact has.
    const bound = { ...contact, chats: contact.chats.filter((c) => c.chatId === input.chatId && c.status === 'active') };
    for await (const page of deps.cases.obligations({ asOf, caseRef })) {
      for (const o of page) {
        const step = reminderDue(o, deps.reminderPolicy, asOf);
        if (step) entries.push(outboxEntry(toChat, o, step, bound, now));
      }
    }
  }
  const chatEntries = entries.filter((e) => e.channel === 'telegram');
  return chatEntries.length ? deps.outbox.enqueue(await entriesToEnqueue(deps.outbox, chatEntries), now) : 0;
}
