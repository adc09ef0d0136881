// What a bound chat may see: the cases of the contacts it is bound to, with their obligations as of
// today. Nothing here takes a case ref from the chat: what a chat sees follows from its bindings only.
import { todayIn } from '../domain/calendar/calendar-date.js';
import type { IsoDate } from '../domain/calendar/calendar-date.js';
import type { PlannedObligation } from '../domain/obligations.js';
import { shownToApplicant } from '../domain/question-intent.js';
import type { ChatDirectory, InvitationRepository } from './assistant-ports.js';
import type { CaseRecord, Deps } from './ports.js';
import type { ReminderDeps } from './reminder-ports.js';

export interface AssistantDeps extends Deps {
  readonly chats: ChatDirectory;
  readonly invitations: InvitationRepository;
  /** The outbox side, when reminders go out: a chat just bound gets the reminders that found no channel. */
  readonly reminders?: ReminderDeps;
}

/** What the assistant shows of a case: no contacts, no history. */
export type CaseSummary = Pick<CaseRecord, 'ref' | 'scheme' | 'serviceType' | 'state'> & { readonly organization: { readonly province: string | null } };

export interface ApplicantCase {
  readonly record: CaseSummary;
  /** Open, upcoming and overdue obligations shown to applicants, nearest first. */
  readonly obligations: readonly PlannedObligation[];
}

export interface ChatView {
  readonly asOf: IsoDate;
  readonly cases: readonly ApplicantCase[];
}

/** The chat's cases, or null when it is bound to none. A chat that writes again is active again. */
export async function viewForChat(deps: AssistantDeps, chatId: string): Promise<ChatView | null> {
  const bound = await deps.chats.boundCases(chatId);
  if (!bound.length) return null;
  const now = deps.clock.now();
  if (bound.some((b) => b.blocked)) await deps.chats.reactivate(chatId, now);
  const asOf = todayIn(now, deps.zone);
  const cases: ApplicantCase[] = [];
  const seen = new Set<string>();
  for (const b of bound) {
    // A chat bound to two contacts of one case sees it once.
    if (seen.has(b.caseRef)) continue;
    seen.add(b.caseRef);
    const record: CaseSummary = { ref: b.caseRef, scheme: b.scheme, serviceType: b.serviceType, state: b.state, organization: { province: b.province } };
    const obligations: PlannedObligation[] = [];
    for await (const page of deps.cases.obligations({ asOf, caseRef: b.caseRef })) obligations.push(...page.filter((o) => shownToApplicant(o.scheme, o.kind)));
    cases.push({ record, obligations });
  }
  return { asOf, cases };
}

/** Whether the chat is bound to any contact, without reading the cases (active again if it was blocked). */
export async function isBound(deps: AssistantDeps, chatId: string): Promise<boolean> {
  const bound = await deps.chats.boundCases(chatId);
  if (bound.some((b) => b.blocked)) await deps.chats.reactivate(chatId, deps.clock.now());
  return bound.length > 0;
}
