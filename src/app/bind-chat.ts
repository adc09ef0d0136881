// A chat opens an invitation link (/start <token>) or leaves (/stop). Every refusal reads the same,
// whatever the reason (unknown, used, expired, revoked or malformed token), so that a chat learns
// nothing about any case, company or address by trying.
import { fail, ok } from '../domain/result.js';
import type { Result } from '../domain/result.js';
import type { AttemptLimiter } from './attempt-limiter.js';
import type { AssistantDeps } from './answer-applicant.js';
import { DEEP_LINK_TOKEN } from './invite-contact.js';
import { remindBoundChat } from './late-reminders.js';

/** Who is recorded in the audit log for what a chat did itself. */
export function chatActor(chatId: string): string {
  return `telegram:${chatId}`;
}

export async function bindChat(
  deps: AssistantDeps,
  limiter: AttemptLimiter,
  input: { chatId: string; token: string },
): Promise<Result<{ readonly caseRefs: readonly string[]; readonly contactId: string }>> {
  const now = deps.clock.now();
  const waitMs = limiter.waitMs(input.chatId, now.getTime());
  if (waitMs > 0) return fail('invite/too-many-attempts', { minutes: Math.max(1, Math.ceil(waitMs / 60_000)) });
  const outcome = DEEP_LINK_TOKEN.test(input.token) ? await deps.invitations.redeem(input.token, input.chatId, now) : null;
  if (outcome?.kind !== 'bound') {
    limiter.record(input.chatId, now.getTime());
    return fail('invite/invalid');
  }
  const bound = await deps.chats.boundCases(input.chatId);
  return ok({ caseRefs: [...new Set(bound.map((b) => b.caseRef))], contactId: outcome.contactId });
}

/**
 * After the chat was told it is bound: the reminders of the contact's cases that found no channel
 * go to it (once, on the next dispatch). Returns how many were queued; a failure here leaves the
 * binding as it is and the reply already sent.
 */
export async function remindNewlyBound(deps: AssistantDeps, input: { chatId: string; contactId: string }): Promise<number> {
  if (!deps.reminders) return 0;
  const bound = await deps.chats.boundCases(input.chatId);
  const caseRefs = [...new Set(bound.filter((b) => b.contactId === input.contactId).map((b) => b.caseRef))];
  return remindBoundChat(deps.reminders, { chatId: input.chatId, contactId: input.contactId, caseRefs });
}

/** /stop: the chat is unbound from every contact; returns how many bindings there were. */
export async function unbindChat(deps: AssistantDeps, chatId: string): Promise<number> {
  return deps.chats.unbind(chatId, chatActor(chatId), deps.clock.now());
}
