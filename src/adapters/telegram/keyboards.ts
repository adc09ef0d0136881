// Inline keyboards. Callback data is "ask:<intent>" or "lang:<locale>": never a case ref, so that a
// button cannot be forged into asking about a case the chat is not bound to.
import { Markup } from 'telegraf';
import type { Translator } from '../i18n/translator.js';

export type MenuIntent = 'status' | 'deadlines' | 'next-step' | 'contact' | 'stages' | 'help';
export const menuIntents: readonly MenuIntent[] = ['status', 'deadlines', 'next-step', 'contact', 'stages', 'help'];

const button = (tr: Translator, intent: MenuIntent) => Markup.button.callback(tr.t(`telegram.button.${intent}`), `ask:${intent}`);

/** For a bound chat: everything it can ask. */
export function boundMenu(tr: Translator) {
  return Markup.inlineKeyboard([
    [button(tr, 'status'), button(tr, 'deadlines')],
    [button(tr, 'next-step'), button(tr, 'contact')],
    [button(tr, 'stages'), button(tr, 'help')],
  ]);
}

/** For a chat bound to nothing: public information only. */
export function publicMenu(tr: Translator) {
  return Markup.inlineKeyboard([[button(tr, 'stages'), button(tr, 'contact')], [button(tr, 'help')]]);
}

export function languageKeyboard() {
  // Each language named in itself, so that a reader finds theirs whatever the current one.
  return Markup.inlineKeyboard([[Markup.button.callback('中文', 'lang:zh-CN'), Markup.button.callback('English', 'lang:en')]]);
}
