// The one composition root: opens the database, builds every repository, store and channel once, and
// wires the features from them. The service (main.ts) and the command line (cli.ts) both start here.
import { hostname } from 'node:os';
import type { DispatchDeps } from '../app/dispatch-outbox.js';
import type { DigestDeps } from '../app/digest-ports.js';
import { digestComposer } from '../app/send-digests.js';
import type { EscalationDeps } from '../app/escalation-ports.js';
import type { InviteDeps } from '../app/invite-contact.js';
import type { AssistantDeps } from '../app/answer-applicant.js';
import { fetchBotUsername } from '../adapters/telegram/bot.js';
import type { Config } from '../config/index.js';
import { buildChannels } from './channels.js';
import { openCore, type Core } from './core.js';
import { buildDigestDeps } from './digests.js';
import { reminderDeps } from './reminders.js';
import { buildEscalationDeps, slackConnection, withEscalations } from './slack.js';
import { silentLogger } from '../app/logger.js';
import type { Logger } from '../app/logger.js';

export { planningFingerprint } from './core.js';

export interface Runtime extends Core {
  /** The reminder sweep and the outbox dispatcher, with the channels that are configured. */
  readonly reminders: DispatchDeps;
  /** Email digests: planning, enqueueing and rendering (their outbox rows are sent by the dispatcher). */
  readonly digests: DigestDeps;
  /** Invitations to the Telegram assistant (the command line and Slack issue and revoke them). */
  readonly invite: InviteDeps;
  /** What the Telegram assistant reads and writes. */
  readonly assistant: AssistantDeps;
  /** Staff escalations in Slack; null when Slack is not configured. */
  readonly escalations: EscalationDeps | null;
  /**
   * The bot's username for invitation links: TELEGRAM_BOT_USERNAME, else asked of Telegram (getMe)
   * once, when a token is set; null when neither is there.
   */
  resolveBotUsername(): Promise<string | null>;
  /** This process's name among several instances. */
  readonly instance: string;
}

/** The whole runtime; `core` when the caller has opened it already (a command that needed only that first). */
export async function buildRuntime(config: Config, options: { readonly migrate: boolean; readonly log?: Logger }, opened?: Core): Promise<Runtime> {
  const core = opened ?? (await openCore(config, options));
  const { deps, stores } = core;
  const slack = slackConnection(config);
  const channels = buildChannels(config, slack);
  const digests = buildDigestDeps(config, deps, stores);
  const botIdentity = { botUsername: config.telegram.botUsername, validDays: config.telegram.inviteDays };
  const resolveBotUsername = async () => {
    const token = config.secrets.telegramToken;
    if (botIdentity.botUsername === null && token) botIdentity.botUsername = await fetchBotUsername(token, config.secrets.telegramApiRoot);
    return botIdentity.botUsername;
  };
  const dispatch = reminderDeps(deps, stores, {
    channels,
    channelPreference: config.reminders.channelPreference,
    reminderPolicy: core.reminderPolicy,
    staff: { emails: config.reminders.staffEmails, locale: config.reminders.staffLocale },
    dispatch: { quietHours: config.reminders.quietHours },
    composers: { digest: digestComposer(digests) },
  });
  const escalations = slack ? buildEscalationDeps(config, slack, deps, stores, options.log ?? silentLogger) : null;
  return {
    ...core,
    reminders: withEscalations(dispatch, escalations),
    escalations,
    digests,
    invite: { ...deps, invitations: stores.invitations, invite: botIdentity },
    assistant: { ...deps, invitations: stores.invitations, chats: stores.chats, reminders: dispatch },
    resolveBotUsername,
    instance: config.reminders.instance ?? `${hostname()}-${process.pid}`,
    close: async () => {
      for (const channel of Object.values(channels)) await channel.close?.();
      await core.close();
    },
  };
}
