// /start with an invitation token binds the chat; /start alone greets; /stop unbinds.
import { Composer } from 'telegraf';
import { isBound } from '../../../app/answer-applicant.js';
import { bindChat, remindNewlyBound, unbindChat } from '../../../app/bind-chat.js';
import type { AssistantContext, AssistantKit } from '../context.js';
import { boundMenu, publicMenu } from '../keyboards.js';

export function bindingComposer(kit: AssistantKit): Composer<AssistantContext> {
  const composer = new Composer<AssistantContext>();

  composer.start(async (ctx) => {
    const tr = ctx.tr;
    const token = ctx.payload.trim();
    if (token) {
      const result = await bindChat(kit.deps, kit.tokenLimiter, { chatId: ctx.chatKey, token });
      if (result.ok) {
        await kit.reply(ctx, tr.t('telegram.bound', { cases: result.value.caseRefs.join(', '), count: result.value.caseRefs.length }), boundMenu(tr));
        // Reminders that found no channel before go to this chat now, once (after the answer: a
        // failure here reaches the bot's error boundary, not the user).
        await remindNewlyBound(kit.deps, { chatId: ctx.chatKey, contactId: result.value.contactId });
        return;
      }
      if (result.error.code === 'invite/too-many-attempts') return kit.reply(ctx, tr.t('telegram.tooManyAttempts', result.error.params));
      return kit.reply(ctx, tr.t('telegram.invalidLink'), publicMenu(tr));
    }
    return (await isBound(kit.deps, ctx.chatKey)) ? kit.reply(ctx, tr.t('telegram.welcomeBack'), boundMenu(tr)) : kit.reply(ctx, tr.t('telegram.welcome'), publicMenu(tr));
  });

  composer.command('stop', async (ctx) => {
    const unbound = await unbindChat(kit.deps, ctx.chatKey);
    return kit.reply(ctx, ctx.tr.t(unbound ? 'telegram.stopped' : 'telegram.stopNothing'));
  });

  return composer;
}
