// The Telegram delivery channel: sends one reminder as plain text to one chat through telegraf's
// API client (no bot, no polling), and turns every way that can go wrong into a DeliveryResult the
// dispatcher can act on.
import { Telegram, TelegramError } from 'telegraf';
import type { DeliveryChannel, DeliveryPolicy, DeliveryResult, OutgoingMessage } from '../../app/delivery.js';
import { telegramLimits } from '../../app/rate-limiter.js';

/** Telegram refuses longer texts with 400 "message is too long". */
export const TELEGRAM_TEXT_LIMIT = 4096;

const DEFAULT_TIMEOUT_MS = 30_000;
/**
 * Once part of a long reminder is in the chat, a 429 on a later part is waited out (up to this
 * long in total) rather than reported: a retry of the whole reminder would repeat the parts the
 * reader already has. Telegram's limit of about one message per second per chat makes this the
 * usual case, not an edge case.
 */
const MAX_CONTINUATION_WAIT_MS = 10_000;

/**
 * telegraf types its signal as the `abort-controller` polyfill's; node-fetch 2 underneath accepts
 * any object whose class is named AbortSignal, which Node's own is.
 */
type TelegrafSignal = NonNullable<Parameters<Telegram['callApi']>[2]>['signal'];

export interface TelegramDeliveryOptions {
  readonly token: string;
  /** Bot API root; a local fake in tests. Defaults to telegraf's https://api.telegram.org. */
  readonly apiRoot?: string;
  /** Give up on one request after this long (telegraf's own limit is 500 s). */
  readonly timeoutMs?: number;
  /** How to wait out a 429 between parts; tests pass one that moves a fake clock. */
  readonly sleep?: (ms: number) => Promise<void>;
}

/**
 * Telegram's limits for bots (30 a second, 1 a second to a chat); a busy chat waits for a later
 * dispatch, and chat notifications wait out the quiet hours. A contact is reached in their first chat
 * that still takes messages, in the language chosen there; a chat that blocked the bot is gone for
 * good, so the reminder tries the contact's next channel.
 */
export const telegramPolicy: DeliveryPolicy = {
  rate: telegramLimits,
  laterWhenDestinationBusy: true,
  quietHours: true,
  addressOf: (contact) => {
    const chat = contact.chats.find((c) => c.status === 'active');
    return chat ? { address: chat.chatId, locale: chat.locale ?? null } : null;
  },
  fallsBackWhenBlocked: true,
};

export function createTelegramDelivery(options: TelegramDeliveryOptions): DeliveryChannel {
  // telegraf would only say "401: Bot Token is required" on every send; fail at startup instead.
  if (options.token.trim() === '') throw new Error('Telegram delivery needs a bot token');
  const telegram = new Telegram(options.token, options.apiRoot === undefined ? {} : { apiRoot: options.apiRoot });
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const scrub = tokenScrubber(options.token);

  async function sendPart(chatId: string, text: string): Promise<DeliveryResult> {
    try {
      // callApi rather than sendMessage, only to pass the abort signal; the payload is the same.
      const signal = AbortSignal.timeout(timeoutMs) as unknown as TelegrafSignal;
      const message = await telegram.callApi('sendMessage', { chat_id: chatId, text }, { signal });
      return { kind: 'sent', providerId: String(message.message_id) };
    } catch (error) {
      return classify(error, scrub, timeoutMs);
    }
  }

  return {
    id: 'telegram',
    policy: telegramPolicy,
    async send(message: OutgoingMessage): Promise<DeliveryResult> {
      const parts = splitForTelegram(composeText(message));
      const ids: string[] = [];
      let waitedMs = 0;
      while (ids.length < parts.length) {
        const outcome = await sendPart(message.address, parts[ids.length] ?? '');
        if (outcome.kind === 'sent') {
          ids.push(outcome.providerId ?? '');
          continue;
        }
        const waitMs = outcome.kind === 'retry' ? (outcome.afterMs ?? Infinity) : Infinity;
        if (ids.length > 0 && waitedMs + waitMs <= MAX_CONTINUATION_WAIT_MS) {
          waitedMs += waitMs;
          await sleep(waitMs);
          continue;
        }
        return ids.length === 0 ? outcome : { ...outcome, reason: `${outcome.reason} (after ${ids.length} of ${parts.length} parts were delivered)` };
      }
      // Every part's id, in order, so that a later edit or deletion can find them all.
      return { kind: 'sent', providerId: ids.join(',') };
    },
  };
}

/** Telegram shows no subject line, so the subject becomes the first paragraph. */
function composeText(message: OutgoingMessage): string {
  return [message.subject, message.text].filter((part) => part.trim() !== '').join('\n\n');
}

/**
 * Cuts text into pieces of at most `limit` UTF-16 units (the strictest reading of Telegram's
 * "characters"), preferring to break after a newline, then after a space, in the second half of a
 * piece. Joining the pieces gives the text back.
 */
export function splitForTelegram(text: string, limit = TELEGRAM_TEXT_LIMIT): string[] {
  const parts: string[] = [];
  let rest = text;
  while (rest.length > limit) {
    const cut = breakPoint(rest, limit);
    parts.push(rest.slice(0, cut));
    rest = rest.slice(cut);
  }
  parts.push(rest);
  return parts;
}

function breakPoint(text: string, limit: number): number {
  const piece = text.slice(0, limit);
  for (const separator of ['\n', ' ']) {
    const at = piece.lastIndexOf(separator);
    if (at >= limit / 2) return at + 1;
  }
  // Never cut between the halves of a surrogate pair (an emoji, a rare CJK character).
  const last = text.charCodeAt(limit - 1);
  return last >= 0xd800 && last <= 0xdbff ? limit - 1 : limit;
}

/**
 * What the dispatcher should do about a failed sendMessage. telegraf throws a TelegramError for
 * every answer with ok: false (for 5xx without reading the body: description is the HTTP status
 * text and there are no parameters), and node-fetch's FetchError or AbortError when no answer
 * arrived or it was not JSON.
 */
function classify(error: unknown, scrub: (text: string) => string, timeoutMs: number): DeliveryResult {
  if (error instanceof TelegramError) {
    const reason = scrub(`Telegram answered ${error.code}: ${error.description}`);
    const retryAfter = error.parameters?.retry_after;
    if (error.code === 429) return { kind: 'retry', reason, ...(retryAfter !== undefined && { afterMs: retryAfter * 1000 }) };
    // Blocked, user deactivated, bot kicked, or an id Telegram does not know: this chat is gone.
    if (error.code === 403 || (error.code === 400 && /chat not found/i.test(error.description))) return { kind: 'blocked', reason };
    if (error.code >= 500) return { kind: 'retry', reason };
    // A wrong or revoked bot token (401, or 404 for a malformed one) is our configuration, not this
    // message: rejecting would throw every reminder away until someone fixes the token.
    if (error.code === 401 || error.code === 404) return { kind: 'retry', reason: `${reason}; check the bot token` };
    return { kind: 'rejected', reason };
  }
  if (error instanceof Error && error.name === 'AbortError') {
    return { kind: 'retry', reason: `Telegram did not answer within ${timeoutMs} ms; the message may have arrived` };
  }
  if (error instanceof Error && (error.name === 'FetchError' || 'code' in error)) {
    return { kind: 'retry', reason: scrub(`Telegram unreachable: ${error.message}`) };
  }
  // Not a transport failure, so a bug: let it surface, but never with the token in it.
  if (error instanceof Error) {
    error.message = scrub(error.message);
    if (error.stack) error.stack = scrub(error.stack);
  }
  throw error;
}

/**
 * telegraf puts the request URL, token included, into network error messages. It redacts only
 * tokens shaped `<digits>:<secret>` and only for connection failures, not for an unreadable
 * answer, so the token is removed here whatever its shape.
 */
function tokenScrubber(token: string): (text: string) => string {
  return (text) => text.split(token).join('[token]').replace(/\/(bot|user)[^/\s]+\//g, '/$1[token]/');
}
