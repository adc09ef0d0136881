// The staff web console's parts, built only when CERTBELL_WEB_PORT is set. service.ts imports this
// module lazily, so a service without the console never loads fastify.
import type { DeliveryChannel } from '../app/delivery.js';
import type { SignInDeps, SignInSettings } from '../app/console/staff-ports.js';
import type { WebConsoleDeps } from '../adapters/web/context.js';
import { startConsoleServer } from '../adapters/web/console-server.js';
import type { RunningConsole } from '../adapters/web/console-server.js';
import { createSignInMailer } from '../adapters/web/sign-in-mail.js';
import type { Translator } from '../adapters/i18n/translator.js';
import type { Config } from '../config/index.js';
import { consoleOrigin } from './console-origin.js';
import type { FeedDeps } from '../app/console/feed-ports.js';
import { createFeedRepository } from '../adapters/db/feed-repository.js';
import { createFeedTokens } from '../adapters/calendar/feed-tokens.js';
import type { Runtime } from './runtime.js';
import type { Logger } from '../app/logger.js';

const MINUTE = 60_000;

export function signInSettings(config: Config, origin: string): SignInSettings {
  return {
    linkValidMs: 15 * MINUTE,
    linksPerWindow: 5,
    windowMs: 15 * MINUTE,
    idleMs: config.web.idleMinutes * MINUTE,
    maxAgeMs: 12 * 60 * MINUTE,
    baseUrl: origin,
  };
}

export { consoleOrigin };

/** A mail channel that refuses: sign-in links cannot go out until SMTP_URL is set. */
const noEmail: DeliveryChannel = { id: 'email', send: async () => ({ kind: 'rejected', reason: 'SMTP_URL is not set' }) };

export function webConsoleDeps(config: Config, runtime: Runtime, origin: string, overrides: { readonly clock?: { now(): Date } } = {}): WebConsoleDeps {
  const clock = overrides.clock ?? runtime.deps.clock;
  const signIn: SignInDeps = {
    staff: runtime.stores.staff,
    links: runtime.stores.signInLinks,
    sessions: runtime.stores.webSessions,
    mailer: createSignInMailer(runtime.reminders.channels.email ?? noEmail, config.zone),
    clock,
    settings: signInSettings(config, origin),
  };
  const feeds: FeedDeps = {
    feeds: createFeedRepository(runtime.db),
    tokens: createFeedTokens(config.secrets.unsubscribeSecret),
    contacts: runtime.stores.digests,
    staff: runtime.stores.staff,
    caseQueries: runtime.stores.caseQueries,
    clock,
    zone: config.zone,
  };
  const { stores } = runtime;
  const escalations = runtime.escalations && { ...runtime.escalations, clock };
  return {
    signIn,
    console: stores.console,
    caseQueries: stores.caseQueries,
    queues: stores.queues,
    // Every use case on the console's clock, so that "today" is the same day the pages show.
    casePage: {
      ...runtime.deps,
      clock,
      details: stores.caseDetails,
      reach: { recipients: stores.outbox, digests: stores.digests },
      reminderPolicy: runtime.reminderPolicy,
      failedDeliveries: stores.outbox,
    },
    invite: { ...runtime.invite, clock },
    resolveBotUsername: () => runtime.resolveBotUsername(),
    escalations,
    clock,
    zone: config.zone,
    calendar: runtime.deps.calendar,
    feeds,
    importing: { deps: { ...runtime.deps, clock }, escalations },
  };
}

/** Starts the console on CERTBELL_WEB_PORT; null when it is not set. */
export async function startWebConsole(
  config: Config,
  runtime: Runtime,
  log: Logger,
  tr: Translator,
  overrides: { readonly clock?: { now(): Date } } = {},
): Promise<RunningConsole | null> {
  const port = config.web.port;
  if (port === null) return null;
  if (!config.channels.email) log.warn({ feature: 'web' }, tr.t('web.log.noEmail'));
  const origin = consoleOrigin(config, port);
  const server = await startConsoleServer({ host: config.web.host, port, origin, deps: webConsoleDeps(config, runtime, origin, overrides), log, logTr: tr });
  log.info({ feature: 'web', address: server.address }, tr.t('web.log.started', { address: server.address, origin }));
  return server;
}
