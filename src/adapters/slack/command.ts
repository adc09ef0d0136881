// The /certbell slash command. Answers go back in the acknowledgement, seen only by the person who
// asked, unless they end the command with "post".
import type { App } from '@slack/bolt';
import { inviteContact } from '../../app/invite-contact.js';
import { planPages } from '../../app/plan-obligations.js';
import { recordEvent } from '../../app/record-event.js';
import { showCase } from '../../app/show-case.js';
import { parseEventInput } from '../../app/validate-case.js';
import type { PlannedObligation } from '../../domain/obligations.js';
import { caseCard, escapeMrkdwn, formatInstant, obligationList } from './blocks.js';
import type { Block } from './blocks.js';
import { actorOf, errorText } from './context.js';
import type { ListenerContext } from './context.js';

export const COMMAND = '/certbell';

export type ParsedCommand =
  | { readonly verb: 'help' }
  | { readonly verb: 'case'; readonly ref: string }
  | { readonly verb: 'overdue' }
  | { readonly verb: 'upcoming'; readonly days: number }
  | { readonly verb: 'record'; readonly ref: string; readonly type: string; readonly date: string; readonly extra: string | null }
  | { readonly verb: 'invite'; readonly ref: string; readonly email: string }
  | { readonly verb: 'usage'; readonly of: 'case' | 'upcoming' | 'record' | 'invite' }
  | { readonly verb: 'unknown'; readonly word: string };

/** The words of a command, and whether its answer is to be shared with the channel. */
export function parseCommand(text: string): { readonly command: ParsedCommand; readonly post: boolean } {
  const words = text.trim().split(/\s+/).filter(Boolean);
  const post = words.length > 1 && words.at(-1)?.toLowerCase() === 'post';
  if (post) words.pop();
  const [verb = 'help', ...args] = words;
  const command = ((): ParsedCommand => {
    switch (verb.toLowerCase()) {
      case 'help':
        return { verb: 'help' };
      case 'case':
        return args.length === 1 && args[0] ? { verb: 'case', ref: args[0] } : { verb: 'usage', of: 'case' };
      case 'overdue':
        return { verb: 'overdue' };
      case 'upcoming': {
        if (args.length > 1) return { verb: 'usage', of: 'upcoming' };
        const days = args[0] === undefined ? 30 : Number(args[0]);
        return Number.isInteger(days) && days >= 1 && days <= 366 ? { verb: 'upcoming', days } : { verb: 'usage', of: 'upcoming' };
      }
      case 'record': {
        const [ref, type, date, extra, ...rest] = args;
        return ref && type && date && !rest.length ? { verb: 'record', ref, type, date, extra: extra ?? null } : { verb: 'usage', of: 'record' };
      }
      case 'invite': {
        const [ref, email, ...rest] = args;
        return ref && email && !rest.length ? { verb: 'invite', ref, email } : { verb: 'usage', of: 'invite' };
      }
      default:
        return { verb: 'unknown', word: verb };
    }
  })();
  // An invitation link is for one person: it is never posted to a channel.
  return { command, post: post && command.verb !== 'invite' };
}

interface Answer {
  readonly text: string;
  readonly blocks?: Block[];
}

const LIST_KEEP = 40;

async function listed(ctx: ListenerContext, options: { withinDays?: number }, keep: (o: PlannedObligation) => boolean): Promise<{ asOf: string; shown: PlannedObligation[]; total: number }> {
  const { asOf, pages } = planPages(ctx.deps.escalation, options);
  const shown: PlannedObligation[] = [];
  let total = 0;
  for await (const page of pages) {
    for (const o of page) {
      if (!keep(o)) continue;
      total++;
      if (shown.length < LIST_KEEP) shown.push(o);
    }
  }
  return { asOf, shown, total };
}

export async function answerCommand(ctx: ListenerContext, command: ParsedCommand, userId: string): Promise<Answer> {
  const { tr } = ctx;
  const deps = ctx.deps.escalation;
  switch (command.verb) {
    case 'help':
      return { text: tr.t('slack.command.help') };
    case 'usage':
      return { text: tr.t(`slack.command.usage.${command.of}`) };
    case 'unknown':
      return { text: tr.t('slack.command.unknown', { word: escapeMrkdwn(command.word) }) };
    case 'case': {
      const view = await showCase(deps, command.ref);
      return view.ok ? caseCard(tr, view.value) : { text: errorText(tr, view.error) };
    }
    case 'overdue': {
      const { asOf, shown, total } = await listed(ctx, {}, (o) => o.status === 'overdue');
      return obligationList(tr, tr.t('slack.command.overdue', { asOf, count: total }), shown, total);
    }
    case 'upcoming': {
      const { asOf, shown, total } = await listed(ctx, { withinDays: command.days }, (o) => o.status !== 'overdue');
      return obligationList(tr, tr.t('slack.command.upcoming', { asOf, within: tr.t('unit.days', { count: command.days }), count: total }), shown, total);
    }
    case 'record': {
      const extra = command.extra ?? undefined;
      const parsed = parseEventInput({
        type: command.type,
        date: command.date,
        ...(command.type === 'certificate-issued' && extra ? { certificateNo: extra } : {}),
        ...(command.type === 'certificate-downgraded' && extra ? { level: extra } : {}),
      });
      if (!parsed.event) return { text: errorText(tr, parsed.error) };
      const result = await recordEvent(deps, { ref: command.ref, event: parsed.event }, actorOf(userId), { escalations: deps });
      if (!result.ok) return { text: errorText(tr, result.error) };
      return {
        text: tr.t('slack.done.recorded', { caseRef: result.value.ref, event: tr.t(`event.${parsed.event.type}`), date: parsed.event.date, stage: tr.t(`stage.${result.value.scheme}.${result.value.state.stage}`) }),
      };
    }
    case 'invite': {
      if (!ctx.deps.invite) return { text: tr.t('slack.inviteOff') };
      const result = await inviteContact(ctx.deps.invite, { caseRef: command.ref, email: command.email, actor: actorOf(userId) });
      if (!result.ok) return { text: errorText(tr, result.error) };
      return { text: tr.t('slack.done.invited', { name: result.value.contactName, caseRef: command.ref, expiresAt: formatInstant(result.value.expiresAt, deps.zone), link: result.value.link }) };
    }
  }
}

export function registerCommand(app: App, ctx: ListenerContext): void {
  app.command(COMMAND, async ({ ack, command }) => {
    if (!(await ctx.access.isStaff(command.user_id))) {
      ctx.log.warn({ userId: command.user_id, what: COMMAND }, ctx.logTr.t('slack.log.refused', { userId: command.user_id, what: COMMAND }));
      await ack({ response_type: 'ephemeral', text: ctx.tr.t('slack.refused') });
      return;
    }
    const { command: parsed, post } = parseCommand(command.text);
    const answer = await answerCommand(ctx, parsed, command.user_id);
    await ack({ response_type: post ? 'in_channel' : 'ephemeral', text: answer.text, ...(answer.blocks ? { blocks: answer.blocks as never } : {}) });
  });
}
