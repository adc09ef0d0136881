// A local stand-in for the Telegram Bot API, so that the real telegraf client can be exercised
// without the network: `new Telegraf(fake.token, { telegram: { apiRoot: fake.url } })`.
// It follows the wire format of https://core.telegram.org/bots/api (routes, status codes, error
// bodies) closely enough that telegraf cannot tell the difference for the methods listed in
// `methods` below; anything else answers 404 like the real server does for an unknown method.
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { STATUS_CODES } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { BotCommand, Message, Update, User } from 'telegraf/types';
import { parseHtml } from './telegram-entities.js';

/** A well-formed token (`<bot id>:<secret>`), so telegraf's own redaction pattern applies to it. */
export const FAKE_TELEGRAM_TOKEN = '7000001:AAFakeTokenForCertbellTests_0123456789';

export interface FakeTelegramOptions {
  /** The only token the fake accepts; any other answers 401 Unauthorized. */
  readonly token?: string;
  /** Answer 429 like Telegram when a sendMessage would exceed its documented limits. */
  readonly enforceLimits?: boolean;
  /** Clock for rate-limit windows, message dates and records. Must not go backwards. */
  readonly now?: () => number;
  /** getUpdates waits at most this long whatever `timeout` asks for (Telegram's own cap is 50). */
  readonly maxPollSeconds?: number;
}

/** An injected failure. `rawBody` replaces the JSON error body (a proxy's HTML page, say). */
export interface Fault {
  readonly code: number;
  readonly description?: string;
  readonly retryAfter?: number;
  readonly rawBody?: string;
}

export type ChatId = number | string;
type Params = Record<string, unknown>;

export interface RecordedCall {
  readonly method: string;
  readonly params: Params;
  readonly time: number;
  /** The HTTP status the fake answered with (200, or the error_code). */
  status: number;
}

export interface SentMessage {
  readonly chatId: ChatId;
  readonly text: string;
  readonly messageId: number;
  readonly time: number;
}

/** An update as a test writes it: the fake assigns `update_id`. */
export type UpdateInput = Update extends infer U ? (U extends Update ? Omit<U, 'update_id'> : never) : never;

// Telegram's documented broadcast limits: https://core.telegram.org/bots/faq#my-bot-is-hitting-limits-how-do-i-avoid-this
const WINDOW_MS = 1000;
const MAX_SENDS_PER_WINDOW = 30;
const MAX_SENDS_PER_CHAT_PER_WINDOW = 1;
const MAX_TEXT_LENGTH = 4096;
const MAX_UPDATES_PER_POLL = 100;
const MAX_CALLBACK_DATA_BYTES = 64;
const MAX_CALLBACK_ANSWER_LENGTH = 200;

type Reply = { readonly ok: true; readonly result: unknown } | { readonly ok: false; readonly fault: Fault };
type Method = (params: Params, gone: AbortSignal) => Reply | Promise<Reply>;

const ok = (result: unknown): Reply => ({ ok: true, result });
const fail = (code: number, description?: string, retryAfter?: number): Reply => ({
  ok: false,
  fault: { code, ...(description !== undefined && { description }), ...(retryAfter !== undefined && { retryAfter }) },
});

export async function startFakeTelegram(options: FakeTelegramOptions = {}): Promise<FakeTelegram> {
  const fake = new FakeTelegram(options);
  await fake.listen();
  return fake;
}

export class FakeTelegram {
  readonly token: string;
  readonly calls: RecordedCall[] = [];
  readonly sent: SentMessage[] = [];
  /** setMyCommands by language_code ('' for the default list). */
  readonly commands = new Map<string, BotCommand[]>();
  webhookUrl: string | undefined;

  private readonly now: () => number;
  private readonly enforceLimits: boolean;
  private readonly maxPollSeconds: number;
  private readonly server: Server;
  private readonly faults = new Map<string, Fault[]>();
  private readonly delays = new Map<string, number[]>();
  /** Callback queries pushed and not yet answered: Telegram accepts one answer to each. */
  private readonly openQueries = new Set<string>();
  /** answerCallbackQuery calls accepted, in order. */
  readonly callbackAnswers: { readonly queryId: string; readonly text: string | undefined }[] = [];
  private readonly blocked = new Set<ChatId>();
  private readonly inFlight = new Set<Promise<void>>();
  private readonly sentListeners = new Set<() => void>();
  private queue: Update[] = [];
  private nextUpdateId = 1;
  private nextMessageId = 1;
  private nextCallbackId = 1;
  /** Accepted sendMessage calls still inside the rate-limit window, oldest first. */
  private recentSends: { chatId: ChatId; time: number }[] = [];
  /** The getUpdates request that is waiting, if any: Telegram allows only one at a time. */
  private poller: ((outcome: 'ready' | 'terminated') => void) | undefined;
  private port = 0;

  constructor(options: FakeTelegramOptions = {}) {
    this.token = options.token ?? FAKE_TELEGRAM_TOKEN;
    this.now = options.now ?? Date.now;
    this.enforceLimits = options.enforceLimits ?? false;
    this.maxPollSeconds = options.maxPollSeconds ?? 10;
    this.server = createServer((req, res) => {
      const handled = this.handle(req, res).catch((error: unknown) => {
        console.error('fake Telegram failed on a request', error);
        if (!res.headersSent) res.writeHead(500).end();
      });
      this.inFlight.add(handled);
      void handled.finally(() => this.inFlight.delete(handled));
    });
  }

  /** The apiRoot to give telegraf. */
  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async listen(): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(0, '127.0.0.1', () => resolve());
    });
    this.port = (this.server.address() as AddressInfo).port;
  }

  async close(): Promise<void> {
    // A long poll would otherwise hold the server open until its timeout.
    this.poller?.('ready');
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    await Promise.allSettled([...this.inFlight]);
    this.server.closeAllConnections();
    await closed;
  }

  // ── test controls ────────────────────────────────────────────────────────────────────────────

  /** Answer the next `times` calls of `method` with this failure instead of handling them. */
  failNext(method: string, fault: Fault, times = 1): void {
    const queued = this.faults.get(method) ?? [];
    for (let i = 0; i < times; i += 1) queued.push(fault);
    this.faults.set(method, queued);
  }

  /**
   * The next `times` calls of `method` are held `ms` before they are handled: a slow Bot API, or a hung
   * one for a long `ms`. A client that gives up meanwhile gets nothing, and nothing is done.
   */
  delayNext(method: string, ms: number, times = 1): void {
    const queued = this.delays.get(method) ?? [];
    for (let i = 0; i < times; i += 1) queued.push(ms);
    this.delays.set(method, queued);
  }

  /** sendMessage to this chat answers 403 until unblockChat, as when the user blocks the bot. */
  blockChat(chatId: ChatId): void {
    this.blocked.add(normaliseChatId(chatId) ?? chatId);
  }

  unblockChat(chatId: ChatId): void {
    this.blocked.delete(normaliseChatId(chatId) ?? chatId);
  }

  /** Queue an update for getUpdates; a waiting long poll answers at once. */
  pushUpdate(update: UpdateInput): Update {
    const full = { ...update, update_id: this.nextUpdateId++ } as Update;
    this.queue.push(full);
    this.poller?.('ready');
    return full;
  }

  /** A private text message from the user `chatId`; a leading /command gets its entity, as Telegram adds. */
  pushText(chatId: number, text: string, from: Partial<User> = {}): Update {
    const command = /^\/\S+/.exec(text);
    const message = {
      message_id: this.nextMessageId++,
      date: this.unixTime(),
      chat: { id: chatId, type: 'private' as const, first_name: 'Test' },
      from: { ...testUser(chatId), ...from },
      text,
      ...(command && { entities: [{ type: 'bot_command' as const, offset: 0, length: command[0].length }] }),
    };
    return this.pushUpdate({ message });
  }

  /** A press on an inline button with this callback data, under a message the bot sent earlier. */
  pushCallbackQuery(chatId: number, data: string, messageId = this.sent.at(-1)?.messageId ?? 1, from: Partial<User> = {}): Update {
    const message = {
      message_id: messageId,
      date: this.unixTime(),
      chat: { id: chatId, type: 'private' as const, first_name: 'Test' },
      from: this.botUser(),
      text: this.sent.find((m) => m.messageId === messageId)?.text ?? '',
    };
    const id = String(this.nextCallbackId++);
    this.openQueries.add(id);
    return this.pushUpdate({
      callback_query: { id, from: { ...testUser(chatId), ...from }, chat_instance: String(chatId), message, data },
    });
  }

  /** Resolves once at least `count` messages have been accepted (for bots that reply asynchronously). */
  async waitForSent(count: number, timeoutMs = 1000): Promise<SentMessage[]> {
    if (this.sent.length >= count) return this.sent;
    return new Promise((resolve, reject) => {
      const check = () => {
        if (this.sent.length < count) return;
        cleanup();
        resolve(this.sent);
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`fake Telegram: ${this.sent.length} of ${count} messages sent after ${timeoutMs} ms`));
      }, timeoutMs);
      const cleanup = () => {
        clearTimeout(timer);
        this.sentListeners.delete(check);
      };
      this.sentListeners.add(check);
    });
  }

  /** Updates not yet acknowledged through getUpdates' offset. */
  get pendingUpdates(): readonly Update[] {
    return this.queue;
  }

  // ── HTTP ─────────────────────────────────────────────────────────────────────────────────────

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.url);
    const route = /^\/bot([^/]+)\/([A-Za-z]+)$/.exec(url.pathname);
    if (!route) return send(res, fail(404, 'Not Found'));
    const [, token, method = ''] = route;
    const body = await readParams(req, url);
    const params = 'params' in body ? body.params : {};
    const call: RecordedCall = { method, params, time: this.now(), status: 0 };
    this.calls.push(call);

    // The client going away ends a long poll early, as it frees Telegram's "one poller" slot.
    const gone = new AbortController();
    res.on('close', () => gone.abort());

    const reply =
      token !== this.token ? fail(401, 'Unauthorized') : 'unreadable' in body ? fail(400, body.unreadable) : await this.dispatch(method, params, gone.signal);
    call.status = reply.ok ? 200 : reply.fault.code;
    send(res, reply);
  }

  private async dispatch(method: string, params: Params, gone: AbortSignal): Promise<Reply> {
    const delay = this.delays.get(method)?.shift();
    if (delay !== undefined) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, delay);
        gone.addEventListener('abort', () => {
          clearTimeout(timer);
          resolve();
        });
      });
      if (gone.aborted) return fail(499, 'client went away');
    }
    const fault = this.faults.get(method)?.shift();
    if (fault) return { ok: false, fault };
    const handler = this.methods[method];
    return handler ? handler(params, gone) : fail(404, 'Not Found');
  }

  // ── Bot API methods ──────────────────────────────────────────────────────────────────────────

  private readonly methods: Record<string, Method> = {
    getMe: () => ok({ ...this.botUser(), can_join_groups: true, can_read_all_group_messages: false, supports_inline_queries: false }),

    sendMessage: (params) => {
      const chatId = normaliseChatId(params.chat_id);
      const text = typeof params.text === 'string' ? params.text : '';
      if (params.chat_id === undefined || params.chat_id === '') return fail(400, 'Bad Request: chat_id is empty');
      if (text.trim() === '') return fail(400, 'Bad Request: message text is empty');
      // Entities are parsed first; the limit counts what remains.
      let visible = text;
      if (params.parse_mode === 'HTML') {
        const parsed = parseHtml(text);
        if (!parsed.ok) return fail(400, parsed.error);
        visible = parsed.text;
      } else if (params.parse_mode !== undefined) {
        return fail(400, 'Bad Request: the fake Bot API knows parse_mode HTML only');
      }
      if (visible.trim() === '') return fail(400, 'Bad Request: message text is empty');
      // Telegram measures in characters; UTF-16 units is the stricter reading, so a text the fake
      // accepts is certainly accepted by Telegram.
      if (visible.length > MAX_TEXT_LENGTH) return fail(400, 'Bad Request: message is too long');
      const markup = params.reply_markup as { inline_keyboard?: { text?: unknown; callback_data?: unknown }[][] } | undefined;
      for (const button of markup?.inline_keyboard?.flat() ?? []) {
        if (typeof button.text !== 'string' || button.text === '') return fail(400, 'Bad Request: text buttons are unallowed in the inline keyboard');
        if (button.callback_data !== undefined) {
          const bytes = typeof button.callback_data === 'string' ? Buffer.byteLength(button.callback_data) : 0;
          if (bytes < 1 || bytes > MAX_CALLBACK_DATA_BYTES) return fail(400, 'Bad Request: BUTTON_DATA_INVALID');
        }
      }
      // The fake knows only private chats, which have numeric ids; "@channel" names are unknown.
      if (typeof chatId !== 'number') return fail(400, 'Bad Request: chat not found');
      if (this.blocked.has(chatId)) return fail(403, 'Forbidden: bot was blocked by the user');
      const time = this.now();
      if (this.enforceLimits) {
        const waitMs = this.rateLimitWait(chatId, time);
        if (waitMs !== undefined) return fail(429, undefined, Math.max(1, Math.ceil(waitMs / 1000)));
        this.recentSends.push({ chatId, time });
      }
      const message = {
        message_id: this.nextMessageId++,
        from: this.botUser(),
        chat: { id: chatId, type: 'private', first_name: 'Test' },
        date: Math.floor(time / 1000),
        text,
      } satisfies Message.TextMessage;
      this.sent.push({ chatId, text, messageId: message.message_id, time });
      for (const listener of [...this.sentListeners]) listener();
      return ok(message);
    },

    getUpdates: async (params, gone) => {
      if (this.webhookUrl !== undefined) {
        return fail(409, "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first");
      }
      this.acknowledge(integer(params.offset) ?? 0);
      const limit = clamp(integer(params.limit) ?? MAX_UPDATES_PER_POLL, 1, MAX_UPDATES_PER_POLL);
      const timeoutSeconds = clamp(integer(params.timeout) ?? 0, 0, this.maxPollSeconds);
      // A second poller ends the first, exactly as Telegram does with two bot instances.
      this.poller?.('terminated');
      if (this.queue.length === 0 && timeoutSeconds > 0 && this.server.listening) {
        const outcome = await this.waitForUpdates(timeoutSeconds * 1000, gone);
        if (outcome === 'terminated') {
          return fail(409, 'Conflict: terminated by other getUpdates request; make sure that only one bot instance is running');
        }
      }
      return ok(this.queue.slice(0, limit));
    },

    answerCallbackQuery: (params) => {
      const id = typeof params.callback_query_id === 'string' ? params.callback_query_id : '';
      // Once each, and only for a query Telegram sent.
      if (!this.openQueries.delete(id)) return fail(400, 'Bad Request: query is too old and response timeout expired or query ID is invalid');
      const text = typeof params.text === 'string' ? params.text : undefined;
      if (text !== undefined && text.length > MAX_CALLBACK_ANSWER_LENGTH) return fail(400, 'Bad Request: MESSAGE_TOO_LONG');
      this.callbackAnswers.push({ queryId: id, text });
      return ok(true);
    },

    setMyCommands: (params) => {
      if (!Array.isArray(params.commands)) return fail(400, 'Bad Request: commands must be an array');
      this.commands.set(typeof params.language_code === 'string' ? params.language_code : '', params.commands as BotCommand[]);
      return ok(true);
    },

    deleteWebhook: (params) => {
      this.webhookUrl = undefined;
      if (params.drop_pending_updates === true || params.drop_pending_updates === 'true') this.queue = [];
      return ok(true);
    },

    setWebhook: (params) => {
      if (typeof params.url !== 'string') return fail(400, 'Bad Request: bad webhook: URL must be provided for webhook');
      // An empty URL is Telegram's way of removing the webhook.
      this.webhookUrl = params.url === '' ? undefined : params.url;
      if (params.drop_pending_updates === true || params.drop_pending_updates === 'true') this.queue = [];
      return ok(true);
    },
  };

  // ── helpers ──────────────────────────────────────────────────────────────────────────────────

  /**
   * How long until a sendMessage to `chatId` at `time` would fit Telegram's limits, or undefined if
   * it fits now. A call at `time` shares a window with accepted calls at s where time - s < 1000 ms.
   */
  private rateLimitWait(chatId: ChatId, time: number): number | undefined {
    this.recentSends = this.recentSends.filter((s) => time - s.time < WINDOW_MS);
    const waits: number[] = [];
    const toChat = this.recentSends.filter((s) => s.chatId === chatId);
    const blockingChat = toChat[toChat.length - MAX_SENDS_PER_CHAT_PER_WINDOW];
    if (blockingChat) waits.push(blockingChat.time + WINDOW_MS - time);
    // Room opens when the call that made the window full leaves it.
    const blockingAll = this.recentSends[this.recentSends.length - MAX_SENDS_PER_WINDOW];
    if (blockingAll) waits.push(blockingAll.time + WINDOW_MS - time);
    return waits.length > 0 ? Math.max(...waits) : undefined;
  }

  /** Telegram forgets every update below a positive offset, and all but the last -offset for a negative one. */
  private acknowledge(offset: number): void {
    if (offset > 0) this.queue = this.queue.filter((u) => u.update_id >= offset);
    if (offset < 0) this.queue = this.queue.slice(offset);
  }

  private waitForUpdates(ms: number, gone: AbortSignal): Promise<'ready' | 'terminated'> {
    return new Promise((resolve) => {
      const finish = (outcome: 'ready' | 'terminated') => {
        clearTimeout(timer);
        gone.removeEventListener('abort', onGone);
        if (this.poller === finish) this.poller = undefined;
        resolve(outcome);
      };
      const onGone = () => finish('ready');
      const timer = setTimeout(() => finish('ready'), ms);
      gone.addEventListener('abort', onGone);
      this.poller = finish;
    });
  }

  private botUser(): User {
    const id = Number(this.token.split(':')[0]);
    return { id: Number.isSafeInteger(id) ? id : 7000001, is_bot: true, first_name: 'certbell (fake)', username: 'certbell_fake_bot' };
  }

  private unixTime(): number {
    return Math.floor(this.now() / 1000);
  }
}

// ── wire format ────────────────────────────────────────────────────────────────────────────────

// Form and query-string callers send structured fields as JSON text, which Telegram decodes.
const JSON_FIELDS = new Set(['reply_markup', 'allowed_updates', 'commands', 'entities', 'scope', 'link_preview_options']);

/** The parameters of a call, or why Telegram would answer 400 (the fake does not parse multipart uploads). */
async function readParams(req: IncomingMessage, url: URL): Promise<{ params: Params } | { unreadable: string }> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const body = Buffer.concat(chunks).toString('utf8');
  const type = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
  if (type === 'multipart/form-data') return { unreadable: 'Bad Request: the fake Bot API does not accept multipart bodies' };
  if (type === 'application/json' && body !== '') {
    try {
      const parsed: unknown = JSON.parse(body);
      if (parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)) return { params: parsed as Params };
    } catch {
      // fall through to Telegram's answer for a body it cannot read
    }
    return { unreadable: "Bad Request: can't parse JSON" };
  }
  const fields = new URLSearchParams(url.search);
  if (type === 'application/x-www-form-urlencoded') for (const [k, v] of new URLSearchParams(body)) fields.set(k, v);
  const params: Params = {};
  for (const [key, value] of fields) params[key] = JSON_FIELDS.has(key) ? parseJsonOr(value) : value;
  return { params };
}

function send(res: ServerResponse, reply: Reply): void {
  if (res.destroyed) return;
  if (reply.ok) {
    writeJson(res, 200, { ok: true, result: reply.result });
    return;
  }
  const { code, retryAfter, rawBody } = reply.fault;
  const description = reply.fault.description ?? defaultDescription(code, retryAfter);
  if (rawBody !== undefined) {
    res.writeHead(code, { 'content-type': 'text/html' }).end(rawBody);
    return;
  }
  writeJson(res, code, {
    ok: false,
    error_code: code,
    description,
    ...(retryAfter !== undefined && { parameters: { retry_after: retryAfter } }),
  });
}

function writeJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

function defaultDescription(code: number, retryAfter: number | undefined): string {
  switch (code) {
    case 400:
      return 'Bad Request';
    case 403:
      return 'Forbidden: bot was blocked by the user';
    case 429:
      return `Too Many Requests: retry after ${retryAfter ?? 1}`;
    default:
      return STATUS_CODES[code] ?? `Error ${code}`;
  }
}

/** Telegram treats 42 and "42" as the same chat; usernames ("@channel") stay strings. */
function normaliseChatId(value: unknown): ChatId | undefined {
  if (typeof value === 'number') return value;
  if (typeof value !== 'string' || value === '') return undefined;
  return /^-?\d+$/.test(value) ? Number(value) : value;
}

function integer(value: unknown): number | undefined {
  const n = typeof value === 'string' && value !== '' ? Number(value) : value;
  return typeof n === 'number' && Number.isInteger(n) ? n : undefined;
}

function clamp(n: number, min: number, max: number): number {
  return Math.min(Math.max(n, min), max);
}

function parseJsonOr(value: string): unknown {
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}

function testUser(id: number): User {
  return { id, is_bot: false, first_name: 'Test', language_code: 'zh-hans' };
}
