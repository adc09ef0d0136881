// The Slack app: bolt over HTTP (Slack posts signed requests to us) or Socket Mode (we hold a
// WebSocket to Slack), chosen by configuration. Bolt verifies signatures and refuses stale requests;
// this adds what it leaves to the app: a request dated too far in the future is refused before bolt
// sees it, and a replayed or retried request is processed once, whichever instance receives it.
import { createHash } from 'node:crypto';
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { App, HTTPReceiver, LogLevel, SocketModeReceiver } from '@slack/bolt';
import type { Logger } from '@slack/bolt';
import type { InboundReceipts } from '../db/inbound-receipts.js';
import type { Translator } from '../i18n/translator.js';
import type { EscalationLook } from './blocks.js';
import { registerCommand } from './command.js';
import type { ListenerContext, SlackDeps, SlackLogger } from './context.js';
import { registerEscalationActions } from './escalation-actions.js';
import { unknownActionId, unknownCallbackId } from './blocks.js';
import { registerModals } from './modals.js';
import { createStaffAccess } from './staff-access.js';

/** Bolt refuses requests older than 5 minutes; the same window applies to requests dated ahead of us. */
export const MAX_FUTURE_SKEW_MS = 5 * 60_000;

export type SlackMode = { readonly kind: 'http'; readonly port: number; readonly host?: string } | { readonly kind: 'socket'; readonly appToken: string };

export interface SlackAppOptions {
  readonly mode: SlackMode;
  readonly botToken: string;
  readonly signingSecret: string;
  /** The Web API base URL, ending in "/" (a local fake in tests). */
  readonly apiUrl?: string;
  readonly deps: SlackDeps;
  readonly receipts: InboundReceipts;
  readonly staff: { readonly users: readonly string[]; readonly groups: readonly string[] };
  readonly tr: Translator;
  readonly logTr: Translator;
  readonly look: EscalationLook;
  readonly log: SlackLogger;
  /** Wall-clock milliseconds, as bolt's own staleness check uses. */
  readonly wallClock?: () => number;
}

export interface SlackApp {
  readonly app: App;
  /** HTTP mode: where the server listens (port 0 picks a free one). */
  readonly address: () => AddressInfo | null;
  start(): Promise<void>;
  stop(): Promise<void>;
}

/** The identity of a request for replay detection: what Slack keeps across its own retries. */
export function requestIdOf(body: Record<string, unknown>, fallback: string | undefined): string | undefined {
  for (const key of ['event_id', 'trigger_id'] as const) {
    const value = body[key];
    if (typeof value === 'string' && value) return `${key}:${value}`;
  }
  return fallback ? `signature:${fallback}` : undefined;
}

function boltLogger(log: SlackLogger): Logger {
  let level = LogLevel.WARN;
  return {
    debug: () => undefined,
    info: () => undefined,
    warn: (...messages: unknown[]) => log.warn({ source: 'bolt' }, messages.map(String).join(' ')),
    error: (...messages: unknown[]) => log.error({ source: 'bolt' }, messages.map(String).join(' ')),
    setLevel: (next: LogLevel) => {
      level = next;
    },
    getLevel: () => level,
    setName: () => undefined,
  };
}

export function createSlackApp(options: SlackAppOptions): SlackApp {
  const wallClock = options.wallClock ?? Date.now;
  const logger = boltLogger(options.log);
  const clientOptions = options.apiUrl ? { slackApiUrl: options.apiUrl } : {};
  const signatureOf = (headers: IncomingMessage['headers']) => {
    const signature = headers['x-slack-signature'];
    return typeof signature === 'string' ? createHash('sha256').update(signature).digest('hex') : undefined;
  };
  let httpReceiver: HTTPReceiver | null = null;
  let app: App;
  if (options.mode.kind === 'http') {
    httpReceiver = new HTTPReceiver({
      signingSecret: options.signingSecret,
      endpoints: '/slack/events',
      logger,
      customPropertiesExtractor: (request) => ({ certbellRequestKey: signatureOf(request.headers) }),
    });
    app = new App({ token: options.botToken, receiver: httpReceiver, clientOptions, logger });
  } else {
    const receiver = new SocketModeReceiver({
      appToken: options.mode.appToken,
      logger,
      customPropertiesExtractor: (args) => ({ certbellRequestKey: (args as { envelope_id?: string }).envelope_id }),
    });
    app = new App({ token: options.botToken, receiver, clientOptions, logger });
  }

  const ctx: ListenerContext = {
    deps: options.deps,
    access: createStaffAccess(app.client, { users: options.staff.users, groups: options.staff.groups }),
    tr: options.tr,
    logTr: options.logTr,
    look: options.look,
    log: options.log,
  };

  // Replays and retries: the first delivery of a request is processed, later ones only acknowledged.
  app.use(async (args) => {
    const body = args.body as unknown as Record<string, unknown>;
    const id = requestIdOf(body, args.context.certbellRequestKey as string | undefined);
    if (id && !(await options.receipts.firstTime('slack', id, new Date(wallClock())))) {
      options.log.info({ requestId: id, retryNum: args.context.retryNum }, options.logTr.t('slack.log.duplicate'));
      if ('ack' in args && typeof args.ack === 'function') await (args.ack as () => Promise<void>)();
      return;
    }
    await args.next();
  });

  registerEscalationActions(app, ctx);
  registerModals(app, ctx);
  registerCommand(app, ctx);
  // Registered last: a button or modal certbell does not know (a stale message, a forged payload) is
  // acknowledged at once and ignored, rather than left to bolt's 3-second "not acknowledged" timeout.
  app.action({ action_id: unknownActionId }, async ({ ack }) => ack());
  app.view({ callback_id: unknownCallbackId }, async ({ ack }) => ack());

  // One error boundary: a failing listener is logged with its context, and the next request is served.
  app.error(async (error) => {
    options.log.error({ err: { message: error.message, code: error.code } }, options.logTr.t('slack.log.listenerFailed'));
  });

  let server: Server | null = null;
  const guard = (request: IncomingMessage, response: ServerResponse) => {
    const timestamp = Number(request.headers['x-slack-request-timestamp']);
    if (Number.isFinite(timestamp) && timestamp * 1000 > wallClock() + MAX_FUTURE_SKEW_MS) {
      options.log.warn({ timestamp }, options.logTr.t('slack.log.future'));
      response.writeHead(401).end();
      return;
    }
    httpReceiver?.requestListener(request, response);
  };

  return {
    app,
    address: () => (server?.address() as AddressInfo | null) ?? null,
    async start() {
      if (options.mode.kind === 'socket') {
        await app.start();
        return;
      }
      const { port, host } = options.mode;
      // Our own server in front of bolt's request listener, so that the date check runs first.
      server = createServer(guard);
      await new Promise<void>((resolve, reject) => {
        server?.once('error', reject);
        server?.listen(port, host ?? '0.0.0.0', () => resolve());
      });
    },
    async stop() {
      if (options.mode.kind === 'socket') {
        await app.stop();
        return;
      }
      const running = server;
      server = null;
      if (running) await new Promise<void>((resolve) => running.close(() => resolve()));
    },
  };
}
