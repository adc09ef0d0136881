// /lang: Chinese or English for this chat, remembered (ChatSetting) and used for its reminders too.
import { Composer } from 'telegraf';
import { pickLocale, translator } from '../../i18n/translator.js';
import type { AssistantContext, AssistantKit } from '../context.js';
import { languageKeyboard } from '../keyboards.js';

export function languageComposer(kit: AssistantKit): Composer<AssistantContext> {
  const composer = new Composer<AssistantContext>();

  const choose = async (ctx: AssistantContext, asked: string) => {
    const locale = pickLocale(asked);
    await kit.deps.chats.setLocale(ctx.chatKey, locale, kit.deps.clock.now());
    ctx.tr = translator(locale);
    await kit.reply(ctx, ctx.tr.t('telegram.lang.set'));
  };

  composer.command('lang', async (ctx) => {
    const asked = ctx.payload.trim().toLowerCase();
    if (/^(zh|zh-cn|cn|中文|en|english)$/.test(asked)) return choose(ctx, asked === 'cn' || asked === '中文' ? 'zh' : asked);
    return kit.reply(ctx, ctx.tr.t('telegram.lang.prompt'), languageKeyboard());
  });

  composer.action(/^lang:(zh-CN|en)$/, async (ctx) => {
    await kit.answerCallback(ctx);
    await choose(ctx, ctx.match[1] ?? 'en');
  });
  return composer;
}
