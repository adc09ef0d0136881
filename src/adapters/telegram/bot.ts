// The applicants' assistant: a telegraf bot with one Composer per feature, behind middleware that
// handles each update once (across instances), only in private chats, within a per-chat flood
// limit, in the chat's language, and one error boundary (bot.catch) so that no update stops it.
import { Agent as HttpAgent, createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Telegraf, Telegram } from 'telegraf';
import type { Logger } from 'pino';
import { AttemptLimiter, chatFloodLimits, tokenAttemptLimits } from '../../app/attempt-limiter.js';
import type { AttemptLimits } from '../../app/attempt-limiter.js';
import type { AssistantDeps } from '../../app/answer-applicant.js';
import type { InboundReceipts } from '../db/inbound-receipts.js';
import { locales, pickLocale, translator } from '../i18n/translator.js';
import type { Locale, Translator } from '../i18n/translator.js';
import { bindingComposer } from './composers/binding.js';
import { caseInfoComposer, questionsComposer } from './composers/case-info.js';
import { directoryComposer } from './composers/directory.js';
import { languageComposer } from './composers/language.js';
import type { AssistantContext, AssistantKit } from './context.js';
import { sendReply } from './reply.js';

export type BotLog = Pick<Logger, 'info' | 'warn' | 'error'>;

export interface AssistantBotOptions {
  readonly token: string;
  /** Bot API root; a local fake in tests. */
  readonly apiRoot?: string | null;
  readonly deps: AssistantDeps;
  readonly receipts: InboundReceipts;
  readonly log: BotLog;
  /** The operator's language for log lines (the service's). */
  readonly logTranslator?: Translator;
  readonly tokenLimits?: AttemptLimits;
  readonly floodLimits?: AttemptLimits;
  readonly sleep?: (ms: number) => Promise<void>;
}

/** The updates the assistant reads; anything else Telegram need not send. */
const ALLOWED_UPDATES = ['message', 'callback_query'] as const;

/** The command menu, in the order Telegram shows it. */
const COMMANDS = ['status', 'deadlines', 'contact', 'stages', 'lang', 'help', 'start', 'stop'] as const;

export function createAssistantBot(options: AssistantBotOptions): Telegraf<AssistantContext> {
  const { deps, log } = options;
  const logTr = options.logTranslator ?? translator('en');
  // webhookReply off: every answer is its own API call, so that its outcome (403, 429) is seen.
  // telegraf keeps connections alive only for https; a plain-http Bot API (a local server) gets the same.
  const agent = options.apiRoot?.startsWith('http:') ? new HttpAgent({ keepAlive: true }) : undefined;
  const bot = new Telegraf<AssistantContext>(options.token, {
    telegram: { ...(options.apiRoot ? { apiRoot: options.apiRoot } : {}), ...(agent ? { agent } : {}), webhookReply: false },
  });
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const flood = new AttemptLimiter(options.floodLimits ?? chatFloodLimits);
  const kit: AssistantKit = {
    deps,
    tokenLimiter: new AttemptLimiter(options.tokenLimits ?? tokenAttemptLimits),
    reply: (ctx, text, extra) => sendReply(ctx, { markBlocked: (chatId) => deps.chats.markBlocked(chatId, deps.clock.now()), sleep }, text, extra),
  };

  bot.use(async (ctx, next) => {
    // A replayed update (Telegram's retry, a restart before the offset was acknowledged, another
    // instance behind the same webhook) is handled by whoever records it first.
    if (!(await options.receipts.firstTime('telegram', String(ctx.update.update_id), deps.clock.now()))) return;
    const chat = ctx.chat;
    // In a group every member would read the answers: cases are shown in private chats only.
    if (!chat || chat.type !== 'private') {
      if (chat && ctx.message && 'text' in ctx.message && ctx.message.text.startsWith('/')) {
        await ctx.telegram.sendMessage(chat.id, translator(pickLocale(ctx.from?.language_code)).t('telegram.privateOnly'));
      }
      return;
    }
    ctx.chatKey = String(chat.id);
    const nowMs = deps.clock.now().getTime();
    if (flood.waitMs(ctx.chatKey, nowMs) > 0) return;
    flood.record(ctx.chatKey, nowMs);
    // Decided before any await: updates of one batch are handled concurrently.
    const lastAllowed = flood.waitMs(ctx.chatKey, nowMs) > 0;
    ctx.tr = translator(pickLocale((await deps.chats.localeOf(ctx.chatKey)) ?? ctx.from?.language_code));
    // The last update the limit lets through says so, once, rather than going quiet unexplained.
    if (lastAllowed) {
      await kit.reply(ctx, ctx.tr.t('telegram.slowDown'));
      return;
    }
    await next();
  });

  bot.use(bindingComposer(kit), languageComposer(kit), directoryComposer(kit), caseInfoComposer(kit), questionsComposer(kit));

  bot.catch(async (error, ctx) => {
    // Context for the operator, never the message text (it may hold a token) or the bot token.
    log.error({ update: ctx.update.update_id, err: scrub(error, options.token) }, logTr.t('telegram.log.updateFailed'));
    if (ctx.chat?.type === 'private') {
      const tr = ctx.tr ?? translator(pickLocale(ctx.from?.language_code));
      await ctx.telegram.sendMessage(ctx.chat.id, tr.t('telegram.failed')).catch(() => undefined);
    }
  });
  return bot;
}

function scrub(error: unknown, token: string): { message: string; stack?: string } {
  const clean = (text: string) => text.split(token).join('[token]');
  if (error instanceof Error) return { message: clean(error.message), ...(error.stack ? { stack: clean(error.stack) } : {}) };
  return { message: clean(String(error)) };
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
  /** Stops taking updates, lets the ones in hand finish, and acknowledges them to Telegram. */
  stop(): Promise<void>;
}

export async function startAssistant(options: AssistantOptions): Promise<RunningAssistant> {
  const bot = createAssistantBot(options);
  bot.botInfo = await bot.telegram.getMe();
  await registerCommands(bot.telegram);
  const username = bot.botInfo.username;

  if (options.mode === 'webhook') {
    const hook = options.webhook;
    if (!hook) throw new Error('webhook mode needs its URL, secret, host and port');
    const url = new URL(hook.url);
    // telegraf compares the X-Telegram-Bot-Api-Secret-Token header in constant time and answers 403 otherwise.
    const callback = await bot.createWebhook({ domain: url.host, path: url.pathname, secret_token: hook.secret, allowed_updates: [...ALLOWED_UPDATES] });
    const server: Server = createServer((req, res) => void callback(req, res));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(hook.port, hook.host, () => resolve());
    });
    return {
      username,
      bot,
      webhookPort: (server.address() as AddressInfo).port,
      stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
    };
  }

  // launch() resolves only when polling stops; it clears any webhook first.
  let stopped = false;
  const polling = bot.launch({ allowedUpdates: [...ALLOWED_UPDATES] }).catch((error: unknown) => {
    // 409: another instance is polling with this token; 401: the token was revoked.
    if (!stopped) options.log.error({ err: scrub(error, options.token) }, (options.logTranslator ?? translator('en')).t('telegram.log.pollingStopped'));
  });
  return {
    username,
    bot,
    webhookPort: null,
    stop: async () => {
      stopped = true;
      try {
        bot.stop('shutdown');
      } catch {
        // Polling had already ended (the error above was logged).
      }
      await polling;
    },
  };
}
