// One place that turns "what the chat asked" (a command, a button, a plain question) into the answer,
// so that /status, the Status button and "我的案件进度？" say the same thing.
import { isBound, viewForChat } from '../../app/answer-applicant.js';
import { matchQuestion } from '../../domain/question-intent.js';
import type { QuestionIntent } from '../../domain/question-intent.js';
import type { AssistantContext, AssistantKit } from './context.js';
import { boundMenu, publicMenu } from './keyboards.js';
import { contactText, deadlinesText, directoryText, expiryText, nextStepText, stagesText, statusText, topicText } from './render.js';

export async function answer(kit: AssistantKit, ctx: AssistantContext, intent: QuestionIntent): Promise<void> {
  const { deps } = kit;
  const tr = ctx.tr;
  switch (intent) {
    case 'stages':
      return kit.reply(ctx, stagesText(tr));
    case 'help':
      return (await isBound(deps, ctx.chatKey)) ? kit.reply(ctx, tr.t('telegram.help.bound'), boundMenu(tr)) : kit.reply(ctx, tr.t('telegram.help.unbound'), publicMenu(tr));
    default:
      break;
  }
  const view = await viewForChat(deps, ctx.chatKey);
  if (!view) {
    // Public information only, and the same words whatever was asked: nothing about any case.
    return intent === 'contact' ? kit.reply(ctx, directoryText(tr)) : kit.reply(ctx, tr.t('telegram.notBound'), publicMenu(tr));
  }
  const calendar = deps.calendar;
  switch (intent) {
    case 'status':
      return kit.reply(ctx, statusText(view, calendar, tr));
    case 'deadlines':
      return kit.reply(ctx, deadlinesText(view, calendar, tr));
    case 'next-step':
      return kit.reply(ctx, nextStepText(view, calendar, tr));
    case 'contact':
      return kit.reply(ctx, contactText(view, tr));
    case 'certificate-expiry':
      return kit.reply(ctx, expiryText(view, calendar, tr));
    case 'inspection':
    case 'renewal':
    case 'pledge':
      return kit.reply(ctx, topicText(intent, view, calendar, tr));
  }
}

/** A plain question: answered from the case when understood, else the menu, never silence. */
export async function answerQuestion(kit: AssistantKit, ctx: AssistantContext, text: string): Promise<void> {
  const intent = matchQuestion(text);
  if (intent) return answer(kit, ctx, intent);
  const bound = await isBound(kit.deps, ctx.chatKey);
  return kit.reply(ctx, ctx.tr.t(bound ? 'telegram.notUnderstood.bound' : 'telegram.notUnderstood.unbound'), bound ? boundMenu(ctx.tr) : publicMenu(ctx.tr));
}
