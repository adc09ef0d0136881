// Last in the chain, so that nothing goes unanswered: a sticker, a voice note or a photo without a
// caption gets the menu (the assistant reads words only), and a button certbell no longer knows
// (an old message's, or data that was never ours) gets a short "this button has expired" toast.
import { Composer } from 'telegraf';
import { isBound } from '../../../app/answer-applicant.js';
import type { AssistantContext, AssistantKit } from '../context.js';
import { boundMenu, publicMenu } from '../keyboards.js';

export function fallbackComposer(kit: AssistantKit): Composer<AssistantContext> {
  const composer = new Composer<AssistantContext>();
  composer.on('callback_query', (ctx) => kit.answerCallback(ctx, ctx.tr.t('telegram.buttonExpired')));
  composer.on('message', async (ctx) => {
    const bound = await isBound(kit.deps, ctx.chatKey);
    return kit.reply(ctx, ctx.tr.t(bound ? 'telegram.textOnly.bound' : 'telegram.textOnly.unbound'), bound ? boundMenu(ctx.tr) : publicMenu(ctx.tr));
  });
  return composer;
}
