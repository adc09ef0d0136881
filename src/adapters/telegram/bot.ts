// The applicants' assistant: a telegraf bot with one Composer per feature. Each update is handed to
// its chat's queue (in order within a chat, concurrently across chats), then handled once (across
// instances), only in private chats, within a per-chat flood limit, in the chat's language, behind
// one error boundary so that no update stops it. Every callback query is answered, and every Bot API
// call has a timeout (chat-sender.ts, polling.ts).
import { Agent as HttpAgent } from 'node:http';
import { Telegraf, Telegram } from 'telegraf';
import { AttemptLimiter, chatFloodLimits, tokenAttemptLimits } from '../../app/attempt-limiter.js';
import type { AttemptLimits } from '../../app/attempt-limiter.js';
import type { AssistantDeps } from '../../app/answer-applicant.js';
import { SendRateLimiter } from '../../app/rate-limiter.js';
import type { InboundReceipts } from '../db/inbound-receipts.js';
import { startListener } from '../http/listener-boundary.js';
import { locales, pickLocale, translator } from '../i18n/translator.js';
import type { Locale, Translator } from '../i18n/translator.js';
import { createChatSender, defaultChatSenderPolicy } from './chat-sender.js';
import type { ChatSenderPolicy } from './chat-sender.js';
import { ChatQueue } from './chat-queue.js';
import { bindingComposer } from './composers/binding.js';
import { caseInfoComposer, questionsComposer } from './composers/case-info.js';
import { directoryComposer } from './composers/directory.js';
import { fallbackComposer } from './composers/fallback.js';
import { languageComposer } from './composers/language.js';
import type { AssistantContext, AssistantKit } from './context.js';
import { startPolling } from './polling.js';
import { webhookHandler } from './webhook.js';
import { errorFields } from '../../app/errors.js';
import type { Logger } from '../../app/logger.js';

export interface AssistantBotOptions {
  readonly token: string;
  /** Bot API root; a local fake in tests. */
  readonly apiRoot?: string | null;
  readonly deps: AssistantDeps;
  readonly receipts: InboundReceipts;
  readonly log: Logger;
  /** The operator's language for log lines (the service's). */
  readonly logTranslator?: Translator;
  readonly tokenLimits?: AttemptLimits;
  readonly floodLimits?: AttemptLimits;
  /** Telegram's send limits, shared with the reminders that go to the same chats. */
  readonly limiter?: SendRateLimiter;
  readonly sender?: Partial<ChatSenderPolicy>;
  /** Wall-clock time and waiting, for pacing and back-off (a test's fast clock). */
  readonly now?: () => number;
  readonly sleep?: (ms: number) => Promise<void>;
}

/** The updates the assistant reads; anything else Telegram need not send. */
const ALLOWED_UPDATES = ['message', 'callback_query'] as const;

/** The command menu, in the order Telegram shows it. */
const COMMANDS = ['status', 'deadlines', 'contact', 'stages', 'lang', 'help', 'start', 'stop'] as const;

/** Updates of one chat in hand at once: the flood limit's worth and some. */
const MAX_QUEUED_PER_CHAT = 50;

export interface AssistantBot {
  readonly bot: Telegraf<AssistantContext>;
  /** Resolves when every update handed over so far is handled (true), or after `withinMs` (false). */
  idle(withinMs: number): Promise<boolean>;
}

export function createAssistantBot(options: AssistantBotOptions): AssistantBot {
  const { deps, log } = options;
  const logTr = options.logTranslator ?? translator('en');
  // webhookReply off: every answer is its own API call, so that its outcome (403, 429) is seen.
  // telegraf keeps connections alive only for https; a plain-http Bot API (a local server) gets the same.
  const agent = options.apiRoot?.startsWith('http:') ? new HttpAgent({ keepAlive: true }) : undefined;
  const telegramOptions = { ...(options.apiRoot ? { apiRoot: options.apiRoot } : {}), ...(agent ? { agent } : {}), webhookReply: false };
  const bot = new Telegraf<AssistantContext>(options.token, { telegram: telegramOptions });
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const sender = createChatSender({
    telegram: new Telegram(options.token, telegramOptions),
    limiter: options.limiter ?? new SendRateLimiter(),
    now: options.now ?? Date.now,
    sleep,
    markBlocked: (chatId) => deps.chats.markBlocked(chatId, deps.clock.now()),
    ...(options.sender ? { policy: options.sender } : {}),
  });
  const flood = new AttemptLimiter(options.floodLimits ?? chatFloodLimits);
  const queue = new ChatQueue(MAX_QUEUED_PER_CHAT);
  const kit: AssistantKit = {
    deps,
    tokenLimiter: new AttemptLimiter(options.tokenLimits ?? tokenAttemptLimits),
    async reply(ctx, text, extra) {
      const chatId = ctx.chat?.id;
      if (chatId === undefined) return;
      const outcome = await sender.send(chatId, text, extra);
      if (outcome.kind !== 'gave-up') return;
      log.warn({ update: ctx.update.update_id, reason: outcome.reason, detail: outcome.detail }, logTr.t('telegram.log.replyGivenUp'));
      // After a Telegram outage, one try at saying so; a chat over its rate limit would not get it either.
      if (outcome.reason === 'unavailable') await sender.sendOnce(chatId, ctx.tr.t('telegram.failed'));
    },
    async answerCallback(ctx, text) {
      const query = ctx.callbackQuery;
      if (!query || ctx.callbackAnswered) return;
      ctx.callbackAnswered = true;
      await sender.answerCallback(query.id, text);
    },
  };

  /** The error boundary: context for the operator, never the message text (it may hold a token) or the bot token. */
  const onError = async (error: unknown, ctx: AssistantContext) => {
    log.error({ update: ctx.update.update_id, err: scrub(error, options.token) }, logTr.t('telegram.log.updateFailed'));
    if (ctx.chat?.type === 'private') await sender.sendOnce(ctx.chat.id, (ctx.tr ?? translator(pickLocale(ctx.from?.language_code))).t('telegram.failed'));
  };

  const inTurn = async (ctx: AssistantContext, next: () => Promise<void>) => {
    // A replayed update (Telegram's retry, a restart before the offset was acknowledged, another
    // instance behind the same webhook) is handled by whoever records it first.
    if (!(await options.receipts.firstTime('telegram', String(ctx.update.update_id), deps.clock.now()))) return;
    const chat = ctx.chat;
    // In a group every member would read the answers: cases are shown in private chats only.
    if (!chat || chat.type !== 'private') {
      if (chat && ctx.message && 'text' in ctx.message && ctx.message.text.startsWith('/')) {
        await sender.sendOnce(chat.id, translator(pickLocale(ctx.from?.language_code)).t('telegram.privateOnly'));
      }
      return;
    }
    ctx.chatKey = String(chat.id);
    const nowMs = deps.clock.now().getTime();
    if (flood.waitMs(ctx.chatKey, nowMs) > 0) return;
    flood.record(ctx.chatKey, nowMs);
    const lastAllowed = flood.waitMs(ctx.chatKey, nowMs) > 0;
    ctx.tr = translator(pickLocale((await deps.chats.localeOf(ctx.chatKey)) ?? ctx.from?.language_code));
    // The last update the limit lets through says so, once, rather than going quiet unexplained.
    if (lastAllowed) return kit.reply(ctx, ctx.tr.t('telegram.slowDown'));
    await next();
  };

  bot.use((ctx, next) => {
    const chat = String(ctx.chat?.id ?? ctx.from?.id ?? '');
    const task = async () => {
      try {
        await inTurn(ctx, next);
      } catch (error) {
        await onError(error, ctx);
      } finally {
        // Every button press is answered, or the client keeps its spinner turning.
        await kit.answerCallback(ctx);
      }
    };
    if (!queue.enqueue(chat, task)) {
      log.warn({ update: ctx.update.update_id }, logTr.t('telegram.log.queueFull'));
      if (ctx.callbackQuery) void sender.answerCallback(ctx.callbackQuery.id);
    }
    // Returned at once: the next updates (and other chats) need not wait for this one's answer.
    return Promise.resolve();
  });

  bot.use(bindingComposer(kit), languageComposer(kit), directoryComposer(kit), caseInfoComposer(kit), questionsComposer(kit), fallbackComposer(kit));
  bot.catch((error, ctx) => onError(error, ctx));
  return { bot, idle: (withinMs) => queue.drain(withinMs) };
}

function scrub(error: unknown, token: string): { message: string; stack?: string } {
  return errorFields(error, (text) => text.split(token).join('[token]'));
}

/** The command menu in each language (setMyCommands): English by default, Chinese for zh clients. */
export async function registerCommands(telegram: Telegram): Promise<void> {
  const list = (locale: Locale) => COMMANDS.map((command) => ({ command, description: translator(locale).t(`telegram.command.${command}`) }));
  for (const locale of locales) {
    if (locale === 'en') await telegram.setMyCommands(list('en'));
    else await telegram.setMyCommands(list(locale), { language_code: 'zh' });
  }
}

/** The bot's username (getMe), for invitation links when TELEGRAM_BOT_USERNAME is not set. */
export async function fetchBotUsername(token: string, apiRoot: string | null): Promise<string> {
  const me = await new Telegram(token, apiRoot ? { apiRoot } : {}).getMe();
  return me.username;
}

export interface AssistantOptions extends AssistantBotOptions {
  readonly mode: 'polling' | 'webhook';
  /** Webhook mode: the public URL Telegram posts to, the secret it sends, and where to listen. */
  readonly webhook?: { readonly url: string; readonly secret: string; readonly host: string; readonly port: number };
}

export interface RunningAssistant {
  readonly username: string;
  readonly bot: Telegraf<AssistantContext>;
  /** Webhook mode: the port actually listened on (0 in the options picks a free one). */
  readonly webhookPort: number | null;
  /** Resolves when every update handed over so far is handled (true), or after `withinMs` (false). */
  idle(withinMs: number): Promise<boolean>;
  /** Stops taking updates, lets the ones in hand finish (within a bound), and acknowledges them to Telegram. */
  stop(): Promise<void>;
}

/** At shutdown, updates in hand get this long to be answered: a few request timeouts. */
const DRAIN_MS = 3 * defaultChatSenderPolicy.requestTimeoutMs;

export async function startAssistant(options: AssistantOptions): Promise<RunningAssistant> {
  const { bot, idle } = createAssistantBot(options);
  bot.botInfo = await bot.telegram.getMe();
  await registerCommands(bot.telegram);
  const username = bot.botInfo.username;
  const requestTimeoutMs = options.sender?.requestTimeoutMs ?? defaultChatSenderPolicy.requestTimeoutMs;

  if (options.mode === 'webhook') {
    const hook = options.webhook;
    if (!hook) throw new Error('webhook mode needs its URL, secret, host and port');
    const url = new URL(hook.url);
    const callback = await bot.createWebhook({ domain: url.host, path: url.pathname, secret_token: hook.secret, allowed_updates: [...ALLOWED_UPDATES] });
    const listener = await startListener(
      { host: hook.host, port: hook.port, onError: (request, error) => options.log.error({ request, err: scrub(error, options.token) }, (options.logTranslator ?? translator('en')).t('telegram.log.updateFailed')) },
      webhookHandler({ path: url.pathname, secret: hook.secret, callback }),
    );
    return {
      username,
      bot,
      webhookPort: listener.port,
      idle,
      stop: async () => {
        await listener.close();
        await idle(DRAIN_MS);
      },
    };
  }

  await bot.telegram.deleteWebhook();
  const polling = startPolling({
    telegram: bot.telegram,
    allowedUpdates: ALLOWED_UPDATES,
    pollSeconds: 50,
    requestTimeoutMs,
    handle: (update) => void bot.handleUpdate(update),
    // 409: another instance is polling with this token; 401: the token was revoked.
    onStopped: (error) => options.log.error({ err: scrub(error, options.token) }, (options.logTranslator ?? translator('en')).t('telegram.log.pollingStopped')),
  });
  return {
    username,
    bot,
    webhookPort: null,
    idle,
    stop: async () => {
      await polling.stop();
      await idle(DRAIN_MS);
    },
  };
}
