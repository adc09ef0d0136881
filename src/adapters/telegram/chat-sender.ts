// How the assistant talks back: every Bot API call with a request timeout, messages to one chat
// paced to Telegram's limits (shared with reminders), a 429 waited out as Telegram asks up to a
// bound, a 5xx, network failure or timeout retried with back-off. Only then is a reply given up,
// and the caller may apologise. An answer is not a notification, so it does not go through the
// outbox; a reader who got nothing can ask again.
import { TelegramError } from 'telegraf';
import type { Telegram } from 'telegraf';
import type { SendRateLimiter } from '../../app/rate-limiter.js';
import { splitForTelegram } from './telegram-delivery.js';

export type ExtraReplyMessage = Parameters<Telegram['sendMessage']>[2];

/** telegraf types its signal as the abort-controller polyfill's; node-fetch accepts Node's own. */
type TelegrafSignal = NonNullable<Parameters<Telegram['callApi']>[2]>['signal'];

export interface ChatSenderPolicy {
  /** One Bot API call gives up after this long. */
  readonly requestTimeoutMs: number;
  /** 429s of one message are waited out up to this long in total; a longer ban gives the message up. */
  readonly maxRateWaitMs: number;
  /** A 5xx, network failure or timeout is tried again this many times, after 1, 2, 4 … seconds. */
  readonly retries: number;
  readonly backoffMs: number;
}

export const defaultChatSenderPolicy: ChatSenderPolicy = { requestTimeoutMs: 10_000, maxRateWaitMs: 60_000, retries: 3, backoffMs: 1_000 };

export interface ChatSenderDeps {
  readonly telegram: Telegram;
  readonly limiter: SendRateLimiter;
  /** Wall-clock milliseconds, for pacing. */
  now(): number;
  sleep(ms: number): Promise<void>;
  markBlocked(chatId: string): Promise<void>;
  readonly policy?: Partial<ChatSenderPolicy>;
}

/** What became of a message: sent, the chat blocked the bot, or given up (and why). */
export type SendOutcome = { readonly kind: 'sent' } | { readonly kind: 'blocked' } | { readonly kind: 'gave-up'; readonly reason: 'rate-limited' | 'unavailable'; readonly detail: string };

export interface ChatSender {
  send(chatId: number, text: string, extra?: ExtraReplyMessage): Promise<SendOutcome>;
  /** One attempt, for an apology after a reply was given up on. */
  sendOnce(chatId: number, text: string): Promise<boolean>;
  /** Stops the spinner on a button; a toast when `text` is given. Never throws. */
  answerCallback(queryId: string, text?: string): Promise<boolean>;
}

type Failure = { readonly kind: 'rate'; readonly afterMs: number } | { readonly kind: 'transient' } | { readonly kind: 'blocked' };

function classify(error: unknown): Failure {
  if (error instanceof TelegramError) {
    if (error.code === 429) return { kind: 'rate', afterMs: (error.parameters?.retry_after ?? 1) * 1000 };
    if (error.code === 403) return { kind: 'blocked' };
    if (error.code >= 500) return { kind: 'transient' };
    // 400 (can't parse entities, too long) is a bug in what we send: retrying cannot help.
    throw error;
  }
  // A timeout (AbortError) or a failed connection (FetchError): the server may be busy or away.
  if (error instanceof Error && (error.name === 'AbortError' || error.name === 'FetchError' || 'code' in error)) return { kind: 'transient' };
  throw error;
}

export function createChatSender(deps: ChatSenderDeps): ChatSender {
  const policy = { ...defaultChatSenderPolicy, ...deps.policy };
  const call = <M extends 'sendMessage' | 'answerCallbackQuery'>(method: M, payload: Parameters<Telegram['callApi']>[1]) =>
    deps.telegram.callApi(method as 'sendMessage', payload as never, { signal: AbortSignal.timeout(policy.requestTimeoutMs) as unknown as TelegrafSignal });

  /** Waits until the limits allow a message to this chat, and claims the slot. */
  async function paced(chat: string): Promise<void> {
    for (;;) {
      const { waitMs } = deps.limiter.reserve(chat, deps.now());
      if (waitMs <= 0) return;
      await deps.sleep(waitMs);
    }
  }

  async function sendPart(chatId: number, text: string, extra: ExtraReplyMessage | undefined): Promise<SendOutcome> {
    let rateWaited = 0;
    let failures = 0;
    for (;;) {
      await paced(String(chatId));
      try {
        await call('sendMessage', { chat_id: chatId, text, ...extra });
        return { kind: 'sent' };
      } catch (error) {
        const failure = classify(error);
        if (failure.kind === 'blocked') return failure;
        if (failure.kind === 'rate') {
          // Nothing goes to Telegram before it allows, from the assistant or from reminders.
          deps.limiter.pause(deps.now() + failure.afterMs);
          if (rateWaited + failure.afterMs > policy.maxRateWaitMs) return { kind: 'gave-up', reason: 'rate-limited', detail: `retry_after ${failure.afterMs / 1000} s` };
          rateWaited += failure.afterMs;
          await deps.sleep(failure.afterMs);
          continue;
        }
        if (failures >= policy.retries) return { kind: 'gave-up', reason: 'unavailable', detail: error instanceof Error ? error.name : 'error' };
        await deps.sleep(policy.backoffMs * 2 ** failures);
        failures += 1;
      }
    }
  }

  return {
    async send(chatId, text, extra) {
      const parts = splitForTelegram(text);
      for (const [i, part] of parts.entries()) {
        // The keyboard goes under the last part, where the reader's eyes end.
        const outcome = await sendPart(chatId, part, i === parts.length - 1 ? extra : undefined);
        if (outcome.kind === 'blocked') await deps.markBlocked(String(chatId));
        if (outcome.kind !== 'sent') return outcome;
      }
      return { kind: 'sent' };
    },
    async sendOnce(chatId, text) {
      try {
        await paced(String(chatId));
        await call('sendMessage', { chat_id: chatId, text });
        return true;
      } catch {
        return false;
      }
    },
    async answerCallback(queryId, text) {
      try {
        await call('answerCallbackQuery', { callback_query_id: queryId, ...(text ? { text } : {}) });
        return true;
      } catch {
        // The query expires on its own within seconds; nothing more to do.
        return false;
      }
    },
  };
}
