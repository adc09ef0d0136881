// What a bound chat may see: the cases of the contacts it is bound to, with their obligations as of
// today. Nothing here takes a case ref from the chat: what a chat sees follows from its bindings only.
import { todayIn } from '../domain/calendar-date.js';
import type { IsoDate } from '../domain/calendar-date.js';
import type { PlannedObligation } from '../domain/obligations.js';
import { shownToApplicant } from '../domain/question-intent.js';
import type { ChatDirectory, InvitationRepository } from './assistant-ports.js';
import type { CaseRecord, Deps } from './ports.js';

export interface AssistantDeps extends Deps {
  readonly chats: ChatDirectory;
  readonly invitations: InvitationRepository;
}

export interface ApplicantCase {
  readonly record: CaseRecord;
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
  for (const ref of new Set(bound.map((b) => b.caseRef))) {
    const record = await deps.cases.findByRef(ref);
    if (!record) continue;
    const obligations: PlannedObligation[] = [];
    for await (const page of deps.cases.obligations({ asOf, caseRef: ref })) obligations.push(...page.filter((o) => shownToApplicant(o.kind)));
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
