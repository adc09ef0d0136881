// Sending an answer to the chat that asked. Not a notification, so not through the outbox; but the
// same rules hold: long texts are split, a short 429 is waited out once, and a 403 ("blocked by the
// user") marks the chat blocked so that reminders stop going there.
import { TelegramError } from 'telegraf';
import type { Context, Telegram } from 'telegraf';
import { splitForTelegram } from './telegram-delivery.js';

export type ExtraReplyMessage = Parameters<Telegram['sendMessage']>[2];

/** Longer waits are not worth holding a handler for: the reader can ask again. */
const MAX_RETRY_AFTER_S = 5;

export interface ReplyDeps {
  markBlocked(chatId: string): Promise<void>;
  sleep(ms: number): Promise<void>;
}

export async function sendReply(ctx: Context, deps: ReplyDeps, text: string, extra?: ExtraReplyMessage): Promise<void> {
  const chatId = ctx.chat?.id;
  if (chatId === undefined) return;
  const parts = splitForTelegram(text);
  for (const [i, part] of parts.entries()) {
    // The keyboard goes under the last part, where the reader's eyes end.
    const options = i === parts.length - 1 ? extra : undefined;
    try {
      await sendOnce(ctx, chatId, part, options, deps);
    } catch (error) {
      if (error instanceof TelegramError && error.code === 403) {
        await deps.markBlocked(String(chatId));
        return;
      }
      throw error;
    }
  }
}

async function sendOnce(ctx: Context, chatId: number, text: string, extra: ExtraReplyMessage | undefined, deps: ReplyDeps): Promise<void> {
  try {
    await ctx.telegram.sendMessage(chatId, text, extra);
  } catch (error) {
    const retryAfter = error instanceof TelegramError && error.code === 429 ? error.parameters?.retry_after : undefined;
    if (retryAfter === undefined || retryAfter > MAX_RETRY_AFTER_S) throw error;
    await deps.sleep(retryAfter * 1000);
    await ctx.telegram.sendMessage(chatId, text, extra);
  }
}
