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

  composer.action(/^ask:([a-z-]+)$/, async (ctx, next) => {
    const intent = ctx.match[1] as MenuIntent;
    // A button from an older menu that is no longer offered: the fallback says it has expired.
    if (!menuIntents.includes(intent)) return next();
    await kit.answerCallback(ctx);
    await answer(kit, ctx, intent);
  });
  return composer;
}

/** Near the end of the chain: any other text is a question, and so is a photo's or a document's caption. */
export function questionsComposer(kit: AssistantKit): Composer<AssistantContext> {
  const composer = new Composer<AssistantContext>();
  composer.on('text', (ctx) => answerQuestion(kit, ctx, ctx.message.text));
  composer.on('message', async (ctx, next) => {
    const caption = 'caption' in ctx.message ? ctx.message.caption?.trim() : undefined;
    return caption ? answerQuestion(kit, ctx, caption) : next();
  });
  return composer;
}
