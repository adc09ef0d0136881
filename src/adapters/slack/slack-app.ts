// The Slack app: bolt over HTTP (Slack posts signed requests to us) or Socket Mode (we hold a
// WebSocket to Slack), chosen by configuration. Bolt verifies signatures and refuses stale requests;
// this adds what it leaves to the app: a request dated too far in the future is refused before bolt
// sees it, and a replayed or retried request is processed once, whichever instance receives it.
import { App, LogLevel, SocketModeReceiver } from '@slack/bolt';
import type { Logger as BoltLogger } from '@slack/bolt';
import { startListener } from '../http/listener-boundary.js';
import type { RunningListener } from '../http/listener-boundary.js';
import type { InboundReceipts } from '../db/inbound-receipts.js';
import type { Translator } from '../i18n/translator.js';
import type { EscalationLook } from './blocks.js';
import { registerCommand } from './command.js';
import type { ListenerContext, SlackDeps } from './context.js';
import { registerEscalationActions } from './escalation-actions.js';
import { unknownActionId, unknownCallbackId } from './blocks.js';
import { registerModals } from './modals.js';
import { createStaffAccess } from './staff-access.js';
import { answerUnacknowledged, createSlackHttpFront } from './http-front.js';
import type { SlackHttpFront } from './http-front.js';
import { errorFields } from '../../app/errors.js';
import type { Logger } from '../../app/logger.js';

export { MAX_FUTURE_SKEW_MS } from './http-front.js';

export type SlackMode = { readonly kind: 'http'; readonly port: number; readonly host?: string } | { readonly kind: 'socket'; readonly appToken: string };

export interface SlackAppOptions {
  readonly mode: SlackMode;
  readonly botToken: string;
  readonly signingSecret: string;
  /** The Web API base URL, ending in "/" (a local fake in tests). */
  readonly apiUrl?: string;
  readonly deps: SlackDeps;
  readonly receipts: InboundReceipts;
  /** cacheMs: how long a group's member list is trusted before Slack is asked again (tests set it low). */
  readonly staff: { readonly users: readonly string[]; readonly groups: readonly string[]; readonly cacheMs?: number };
  readonly tr: Translator;
  readonly logTr: Translator;
  readonly look: EscalationLook;
  readonly log: Logger;
  /** Wall-clock milliseconds, as bolt's own staleness check uses. */
  readonly wallClock?: () => number;
}

export interface SlackApp {
  readonly app: App;
  /** HTTP mode: the port listened on (0 in the options picks a free one); null before start. */
  readonly port: () => number | null;
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

function boltLogger(log: Logger): BoltLogger {
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
  let front: SlackHttpFront | null = null;
  let app: App;
  if (options.mode.kind === 'http') {
    front = createSlackHttpFront({
      signingSecret: options.signingSecret,
      logger,
      log: options.log,
      messages: { future: options.logTr.t('slack.log.future'), failed: options.logTr.t('slack.log.listenerFailed'), unacknowledged: options.logTr.t('slack.log.unacknowledged') },
      wallClock,
    });
    app = new App({ token: options.botToken, receiver: front.receiver, clientOptions, logger });
  } else {
    const receiver = new SocketModeReceiver({
      appToken: options.mode.appToken,
      logger,
      customPropertiesExtractor: (args) => ({ certbellRequestKey: (args as { envelope_id?: string }).envelope_id }),
    });
    app = new App({ token: options.botToken, receiver, clientOptions, logger });
  }
  answerUnacknowledged(app);

  const ctx: ListenerContext = {
    deps: options.deps,
    access: createStaffAccess(app.client, {
      users: options.staff.users,
      groups: options.staff.groups,
      ...(options.staff.cacheMs === undefined ? {} : { cacheMs: options.staff.cacheMs }),
      onStale: (details) => options.log.warn(details, options.logTr.t('slack.log.groupStale', { group: details.group, reason: details.reason })),
    }),
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

  let listener: RunningListener | null = null;

  return {
    app,
    port: () => listener?.port ?? null,
    async start() {
      if (!front || options.mode.kind === 'socket') {
        await app.start();
        return;
      }
      const { port, host } = options.mode;
      // Our own server in front of bolt's request listener: routing, limits and the date check first.
      listener = await startListener(
        {
          host: host ?? '0.0.0.0',
          port,
          onError: (request, error) =>
            options.log.error({ request, err: errorFields(error) }, options.logTr.t('slack.log.listenerFailed')),
        },
        front.handle,
      );
    },
    async stop() {
      if (options.mode.kind === 'socket') {
        await app.stop();
        return;
      }
      const running = listener;
      listener = null;
      await running?.close();
    },
  };
}
