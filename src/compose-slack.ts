// The staff escalations' parts, built only when Slack is configured (compose.ts plugs them into the
// dispatcher: the Slack delivery channel, the 'escalation' composer, and undelivered reminders).
import { escalateUndelivered } from './app/escalate-undelivered.js';
import { escalationComposer } from './app/escalation-outbox.js';
import type { EscalationDeps } from './app/escalation-ports.js';
import type { DeliveryChannel } from './app/delivery.js';
import type { DispatchDeps } from './app/dispatch-outbox.js';
import type { Deps } from './app/ports.js';
import type { OutboxRepository } from './app/reminder-ports.js';
import type { Database } from './adapters/db/connect.js';
import { createEscalationRepository } from './adapters/db/escalation-repository.js';
import { translator } from './adapters/i18n/translator.js';
import { createEscalationRenderer } from './adapters/slack/escalation-renderer.js';
import { createSlackBoard, createSlackDelivery } from './adapters/slack/slack-web.js';
import type { SlackLog } from './adapters/slack/slack-web.js';
import type { Config } from './config.js';
import { reescalateEscalations } from './app/reescalate-escalations.js';
import { sweepEscalations } from './app/sweep-escalations.js';
import type { InviteDeps } from './app/invite-contact.js';
import { createInboundReceipts } from './adapters/db/inbound-receipts.js';
import type { Translator } from './adapters/i18n/translator.js';
import type { SlackLogger } from './adapters/slack/context.js';
import { createSlackApp } from './adapters/slack/slack-app.js';

/** The Slack delivery channel, when Slack is configured. */
export function slackChannel(config: Config): { slack?: DeliveryChannel } {
  const token = config.secrets.slackBotToken;
  if (!config.channels.slack || !token) return {};
  return { slack: createSlackDelivery({ token, ...(config.slack.apiUrl ? { apiUrl: config.slack.apiUrl } : {}) }) };
}

export function buildEscalationDeps(config: Config, deps: Deps, db: Database, outbox: OutboxRepository, log: SlackLog): EscalationDeps | null {
  const token = config.secrets.slackBotToken;
  const staffChannel = config.slack.staffChannel;
  if (!config.channels.slack || !token || !staffChannel) return null;
  const web = { token, ...(config.slack.apiUrl ? { apiUrl: config.slack.apiUrl } : {}) };
  return {
    ...deps,
    escalations: createEscalationRepository(db),
    outbox,
    renderer: createEscalationRenderer({ zone: config.zone, escalationGroup: config.slack.escalationGroup, acknowledgeWithinHours: config.slack.acknowledgeWithinHours }),
    board: createSlackBoard(web, log, translator(config.lang ?? 'en').t('slack.log.updateFailed')),
    settings: {
      staffChannel,
      escalationChannel: config.slack.escalationChannel ?? staffChannel,
      acknowledgeWithinMs: config.slack.acknowledgeWithinHours * 3_600_000,
      pledgeEscalateDays: config.slack.pledgeEscalateDays,
      locale: config.reminders.staffLocale,
    },
  };
}

/** The dispatcher with escalations plugged in: their composer, and undelivered reminders raised as escalations. */
export function withEscalations(dispatch: DispatchDeps, escalations: EscalationDeps | null): DispatchDeps {
  if (!escalations) return dispatch;
  return {
    ...dispatch,
    composers: { ...dispatch.composers, escalation: escalationComposer(escalations) },
    escalateUndelivered: (row, reason, at) => escalateUndelivered(escalations, row, reason, at),
  };
}

export interface RunningSlack {
  /** After the daily reminder sweep: raise what became due, resolve what was met. Never throws. */
  afterSweep(): Promise<void>;
  /** On every dispatch tick: re-post what nobody acknowledged in time. Never throws. */
  everyTick(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Starts the Slack app (HTTP or Socket Mode) when Slack is configured. A Slack app that cannot start
 * is logged; escalations still queue in the outbox and go out once it can post.
 */
export async function startSlack(
  config: Config,
  parts: { readonly escalations: EscalationDeps | null; readonly invite: InviteDeps | null; readonly db: Database },
  log: SlackLogger,
  tr: Translator,
): Promise<RunningSlack | null> {
  const escalations = parts.escalations;
  const botToken = config.secrets.slackBotToken;
  if (!escalations || !botToken) return null;
  const { slack } = config;
  if (!slack.staffUsers.length && !slack.staffGroups.length) log.warn({ channel: 'Slack' }, tr.t('slack.log.noStaff'));
  const fail = (job: string) => (error: unknown) =>
    log.error({ job, err: error instanceof Error ? { message: error.message, stack: error.stack } : String(error) }, tr.t('service.jobFailed', { job }));
  const app = createSlackApp({
    mode: slack.mode === 'socket' ? { kind: 'socket', appToken: config.secrets.slackAppToken ?? '' } : { kind: 'http', port: slack.port, host: slack.host },
    botToken,
    signingSecret: config.secrets.slackSigningSecret ?? '',
    ...(slack.apiUrl ? { apiUrl: slack.apiUrl } : {}),
    deps: { escalation: escalations, invite: parts.invite },
    receipts: createInboundReceipts(parts.db),
    staff: { users: slack.staffUsers, groups: slack.staffGroups },
    tr: translator(config.reminders.staffLocale),
    logTr: tr,
    look: { zone: config.zone, escalationGroup: slack.escalationGroup, acknowledgeWithinHours: slack.acknowledgeWithinHours },
    log,
  });
  try {
    await app.start();
    log.info({ channel: 'Slack', mode: slack.mode }, tr.t('slack.log.started', { mode: slack.mode === 'socket' ? 'Socket Mode' : `HTTP :${slack.port}`, channel: escalations.settings.staffChannel }));
  } catch (error) {
    fail('slack')(error);
  }
  return {
    afterSweep: async () => {
      try {
        const swept = await sweepEscalations(escalations);
        log.info({ asOf: swept.asOf, raised: swept.raised.length, resolved: swept.resolved.length }, tr.t('slack.log.swept', { asOf: swept.asOf, raised: swept.raised.length, resolved: swept.resolved.length }));
      } catch (error) {
        fail('escalations')(error);
      }
    },
    everyTick: async () => {
      try {
        const reposted = await reescalateEscalations(escalations);
        if (reposted.length) log.info({ count: reposted.length }, tr.t('slack.log.reescalated', { count: reposted.length }));
      } catch (error) {
        fail('reescalation')(error);
      }
    },
    stop: () => app.stop(),
  };
}
