// What a bound chat asks about its cases: /status, /deadlines, the menu's buttons and plain questions.
import { Composer } from 'telegraf';
import { answer, answerQuestion } from '../answers.js';
import type { AssistantContext, AssistantKit } from '../context.js';
import { menuIntents } from '../keyboards.js';
import type { MenuIntent } from '../keyboards.js';

export function caseInfoComposer(kit: AssistantKit): Composer<AssistantContext> {
  const composer = new Composer<AssistantContext>();
  composer.command('status', (ctx) => answer(kit, ctx, 'status'));
  composer.command('deadlines', (ctx) => answer(kit, ctx, 'deadlines'));

  composer.action(/^ask:([a-z-]+)$/, async (ctx) => {
    await ctx.answerCbQuery();
    const intent = ctx.match[1] as MenuIntent;
    if (menuIntents.includes(intent)) await answer(kit, ctx, intent);
  });
  return composer;
}

/** Last in the chain: any other text is a question. */
export function questionsComposer(kit: AssistantKit): Composer<AssistantContext> {
  const composer = new Composer<AssistantContext>();
  composer.on('text', (ctx) => answerQuestion(kit, ctx, ctx.message.text));
  return composer;
}
