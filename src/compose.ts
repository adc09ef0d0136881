// Builds the parts that the service (main.ts) and the command line (cli.ts) share.
import { createHash } from 'node:crypto';
import { hostname } from 'node:os';
import type { DeliveryChannel } from './app/delivery.js';
import { defaultDispatchPolicy } from './app/dispatch-outbox.js';
import type { DispatchDeps, DispatchPolicy } from './app/dispatch-outbox.js';
import type { Deps } from './app/ports.js';
import type { DigestDeps } from './app/digest-ports.js';
import { digestComposer } from './app/send-digests.js';
import { buildDigestDeps } from './compose-digests.js';
import { buildEscalationDeps, slackChannel, withEscalations } from './compose-slack.js';
import type { EscalationDeps } from './app/escalation-ports.js';
import type { SlackLog } from './adapters/slack/slack-web.js';
import type { InviteDeps } from './app/invite-contact.js';
import type { AssistantDeps } from './app/answer-applicant.js';
import { createChatDirectory } from './adapters/db/chat-directory.js';
import { createInvitationRepository } from './adapters/db/invitation-repository.js';
import { fetchBotUsername } from './adapters/telegram/bot.js';
import { SendRateLimiter } from './app/rate-limiter.js';
import { createEmailDelivery } from './adapters/email/email-delivery.js';
import { reminderRenderer } from './adapters/i18n/reminder-messages.js';
import { createDigestRepository } from './adapters/db/digest-repository.js';
import { createOutboxRepository } from './adapters/db/outbox-repository.js';
import { createRunCoordinator } from './adapters/db/run-coordinator.js';
import type { RunCoordinator } from './adapters/db/run-coordinator.js';
import { createTelegramDelivery } from './adapters/telegram/telegram-delivery.js';
import { loadReminderPolicy } from './adapters/reminder-policy-file.js';
import { defaultReminderPolicy } from './domain/reminders.js';
import type { ReminderPolicy } from './domain/reminders.js';
import { createCaseRepository } from './adapters/db/case-repository.js';
import { openDatabase } from './adapters/db/connect.js';
import type { Database } from './adapters/db/connect.js';
import { deployMigrations } from './adapters/db/migrator.js';
import { loadOperatorHolidays, mergeHolidayData, packagedHolidayData } from './adapters/calendar/holiday-data.js';
import type { Config } from './config.js';
import { rulesVersion } from './domain/obligations.js';
import type { Policy } from './domain/policy.js';
import { WorkingDayCalendar } from './domain/calendar/working-days.js';
import type { HolidayData } from './domain/calendar/working-days.js';

export interface HolidaySources {
  readonly packaged: HolidayData;
  readonly operator: HolidayData | null;
}

export function loadHolidays(config: Config): HolidaySources {
  return { packaged: packagedHolidayData(), operator: config.holidaysFile ? loadOperatorHolidays(config.holidaysFile) : null };
}

export interface Runtime {
  readonly deps: Deps;
  /** The reminder sweep and the outbox dispatcher, with the channels that are configured. */
  readonly reminders: DispatchDeps;
  readonly coordinator: RunCoordinator;
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
  readonly db: Database;
  readonly appliedMigrations: readonly string[];
  /** Set when the stored obligations had to be recomputed (new rules, policy or holiday data). */
  readonly refreshed: { readonly cases: number; readonly obligations: number } | null;
  close(): Promise<void>;
}

/** What stored obligations depend on besides the cases: a change to any of it recomputes them. */
export function planningFingerprint(policy: Policy, holidays: HolidayData): string {
  const days = [...holidays.entries()].sort(([a], [b]) => a - b);
  return createHash('sha256').update(JSON.stringify({ rulesVersion, policy, days })).digest('hex');
}

export async function buildRuntime(config: Config, options: { readonly migrate: boolean; readonly log?: SlackLog }): Promise<Runtime> {
  const holidays = loadHolidays(config);
  const applied = options.migrate ? (await deployMigrations(config.databaseUrl)).applied : [];
  const db = await openDatabase(config.databaseUrl);
  const data = holidays.operator ? mergeHolidayData(holidays.packaged, holidays.operator) : holidays.packaged;
  const calendar = new WorkingDayCalendar(data);
  const cases = createCaseRepository(db, { calendar, policy: config.policy });
  const refresh = await cases.refreshObligations(planningFingerprint(config.policy, data));
  const deps: Deps = { cases, clock: { now: () => new Date() }, calendar, policy: config.policy, zone: config.zone };
  const channels = { ...buildChannels(config), ...slackChannel(config) };
  const digests = buildDigestDeps(config, deps, db);
  const invitations = createInvitationRepository(db);
  const botIdentity = { botUsername: config.telegram.botUsername, validDays: config.telegram.inviteDays };
  const resolveBotUsername = async () => {
    const token = config.secrets.telegramToken;
    if (botIdentity.botUsername === null && token) botIdentity.botUsername = await fetchBotUsername(token, config.secrets.telegramApiRoot);
    return botIdentity.botUsername;
  };
  const dispatch = reminderDeps(deps, db, {
    channels,
    ...(config.reminders.policyFile ? { reminderPolicy: loadReminderPolicy(config.reminders.policyFile) } : {}),
    staff: { emails: config.reminders.staffEmails, locale: config.reminders.staffLocale },
    dispatch: { quietHours: config.reminders.quietHours },
    composers: { digest: digestComposer(digests) },
  });
  const escalations = buildEscalationDeps(config, deps, db, dispatch.outbox, options.log ?? { warn: () => undefined });
  return {
    deps,
    reminders: withEscalations(dispatch, escalations),
    escalations,
    digests,
    coordinator: createRunCoordinator(db),
    invite: { ...deps, invitations, invite: botIdentity },
    assistant: { ...deps, invitations, chats: createChatDirectory(db) },
    resolveBotUsername,
    instance: config.reminders.instance ?? `${hostname()}-${process.pid}`,
    db,
    appliedMigrations: applied,
    refreshed: refresh.refreshed ? { cases: refresh.cases, obligations: refresh.obligations } : null,
    close: async () => {
      for (const channel of Object.values(channels)) await channel.close?.();
      await db.close();
    },
  };
}

/** The reminder sweep's and dispatcher's parts over a database; what a caller does not choose is the default. */
export function reminderDeps(
  deps: Deps,
  db: Database,
  options: {
    readonly channels: DispatchDeps['channels'];
    readonly reminderPolicy?: ReminderPolicy;
    readonly staff?: DispatchDeps['staff'];
    readonly dispatch?: Partial<DispatchPolicy>;
    readonly sleep?: (ms: number) => Promise<void>;
    readonly random?: () => number;
    readonly composers?: DispatchDeps['composers'];
  },
): DispatchDeps {
  const outbox = createOutboxRepository(db);
  return {
    ...deps,
    outbox,
    recipients: outbox,
    reminderPolicy: options.reminderPolicy ?? defaultReminderPolicy,
    channels: options.channels,
    staff: options.staff ?? { emails: [], locale: 'zh-CN' },
    renderer: reminderRenderer,
    dispatch: { ...defaultDispatchPolicy, ...options.dispatch },
    telegramLimiter: new SendRateLimiter(),
    sleep: options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms))),
    random: options.random ?? Math.random,
    markEmailRejected: createDigestRepository(db).markEmailRejected,
    ...(options.composers ? { composers: options.composers } : {}),
  };
}

function buildChannels(config: Config): Partial<Record<'telegram' | 'email', DeliveryChannel>> {
  const { secrets } = config;
  return {
    ...(secrets.telegramToken
      ? { telegram: createTelegramDelivery({ token: secrets.telegramToken, ...(secrets.telegramApiRoot ? { apiRoot: secrets.telegramApiRoot } : {}) }) }
      : {}),
    ...(secrets.smtpUrl
      ? { email: createEmailDelivery({ smtpUrl: secrets.smtpUrl, from: secrets.smtpFrom, ...(secrets.smtpReplyTo ? { replyTo: secrets.smtpReplyTo } : {}) }) }
      : {}),
  };
}
