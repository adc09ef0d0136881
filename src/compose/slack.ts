// The staff escalations' parts, built only when Slack is configured (runtime.ts plugs them into the
// dispatcher: the Slack delivery channel, the 'escalation' composer, and undelivered reminders).
import { escalateUndelivered, postGatheredNotices } from '../app/escalate-undelivered.js';
import { escalationComposer } from '../app/escalation-outbox.js';
import type { EscalationDeps, EscalationRecord } from '../app/escalation-ports.js';
import type { DispatchDeps } from '../app/dispatch-outbox.js';
import type { Deps } from '../app/ports.js';
import { translator } from '../adapters/i18n/translator.js';
import { createEscalationRenderer } from '../adapters/slack/escalation-renderer.js';
import { createSlackBoard } from '../adapters/slack/slack-web.js';
import type { Config } from '../config/index.js';
import { reescalateEscalations } from '../app/reescalate-escalations.js';
import { sweepEscalations } from '../app/sweep-escalations.js';
import type { InviteDeps } from '../app/invite-contact.js';
import type { Translator } from '../adapters/i18n/translator.js';
import { createSlackApp } from '../adapters/slack/slack-app.js';
import type { Stores } from './stores.js';
import { errorFields } from '../app/errors.js';
import type { Logger } from '../app/logger.js';

/** Slack's connection, decided here once: null when Slack is off (config.channels.slack). */
export interface SlackConnection {
  readonly web: { readonly token: string; readonly apiUrl?: string };
  readonly staffChannel: string;
}

export function slackConnection(config: Config): SlackConnection | null {
  const token = config.secrets.slackBotToken;
  const staffChannel = config.slack.staffChannel;
  // parseConfig refuses Slack on without a staff channel; the checks narrow the types.
  if (!config.channels.slack || !token || !staffChannel) return null;
  return { web: { token, ...(config.slack.apiUrl ? { apiUrl: config.slack.apiUrl } : {}) }, staffChannel };
}

export function buildEscalationDeps(config: Config, slack: SlackConnection, deps: Deps, stores: Pick<Stores, 'escalations' | 'outbox' | 'digests'>, log: Logger): EscalationDeps {
  const { staffChannel } = slack;
  return {
    ...deps,
    escalations: stores.escalations,
    reach: { recipients: stores.outbox, digests: stores.digests },
    outbox: stores.outbox,
    renderer: createEscalationRenderer({ zone: config.zone, escalationGroup: config.slack.escalationGroup, acknowledgeWithinHours: config.slack.acknowledgeWithinHours }),
    board: createSlackBoard(slack.web, log, translator(config.lang ?? 'en').t('slack.log.updateFailed')),
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
  // The notices a dispatch raised, posted together when it ends (one dispatch at a time per instance).
  let raised: EscalationRecord[] = [];
  return {
    ...dispatch,
    composers: { ...dispatch.composers, escalation: escalationComposer(escalations) },
    escalateUndelivered: async (row, reason, at) => {
      const escalation = await escalateUndelivered(escalations, row, reason, at);
      if (escalation) raised.push(escalation);
      return escalation !== null;
    },
    postUndeliveredNotices: async (at) => {
      const gathered = raised;
      raised = [];
      await postGatheredNotices(escalations, gathered, at);
    },
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
  parts: { readonly escalations: EscalationDeps | null; readonly invite: InviteDeps | null; readonly stores: Pick<Stores, 'receipts'> },
  log: Logger,
  tr: Translator,
): Promise<RunningSlack | null> {
  const escalations = parts.escalations;
  const botToken = config.secrets.slackBotToken;
  if (!escalations || !botToken) return null;
  const { slack } = config;
  if (!slack.staffUsers.length && !slack.staffGroups.length) log.warn({ channel: 'Slack' }, tr.t('slack.log.noStaff'));
  const fail = (job: string) => (error: unknown) =>
    log.error({ job, err: errorFields(error) }, tr.t('service.jobFailed', { job }));
  const app = createSlackApp({
    mode: slack.mode === 'socket' ? { kind: 'socket', appToken: config.secrets.slackAppToken ?? '' } : { kind: 'http', port: slack.port, host: slack.host },
    botToken,
    signingSecret: config.secrets.slackSigningSecret ?? '',
    ...(slack.apiUrl ? { apiUrl: slack.apiUrl } : {}),
    deps: { escalation: escalations, invite: parts.invite },
    receipts: parts.stores.receipts,
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
