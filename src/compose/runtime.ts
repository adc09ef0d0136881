// The one composition root: opens the database, builds every repository, store and channel once, and
// wires the features from them. The service (main.ts) and the command line (cli.ts) both start here.
import { createHash } from 'node:crypto';
import { hostname } from 'node:os';
import type { DispatchDeps } from '../app/dispatch-outbox.js';
import type { Deps } from '../app/ports.js';
import type { DigestDeps } from '../app/digest-ports.js';
import { digestComposer } from '../app/send-digests.js';
import type { EscalationDeps } from '../app/escalation-ports.js';
import type { InviteDeps } from '../app/invite-contact.js';
import type { AssistantDeps } from '../app/answer-applicant.js';
import { createContactBook, directoryEntryIds, useContactBook } from '../app/contacts/contact-book.js';
import { mergeHolidayData } from '../adapters/calendar/holiday-data.js';
import { loadContactOverrides } from '../adapters/contacts-file.js';
import { openDatabase } from '../adapters/db/connect.js';
import type { Database } from '../adapters/db/connect.js';
import { deployMigrations } from '../adapters/db/migrator.js';
import { loadReminderPolicy } from '../adapters/reminder-policy-file.js';
import type { SlackLog } from '../adapters/slack/slack-web.js';
import { fetchBotUsername } from '../adapters/telegram/bot.js';
import type { Config } from '../config/index.js';
import { rulesVersion } from '../domain/obligations.js';
import type { Policy } from '../domain/policy.js';
import { WorkingDayCalendar } from '../domain/calendar/working-days.js';
import type { HolidayData } from '../domain/calendar/working-days.js';
import { buildChannels } from './channels.js';
import { buildDigestDeps } from './digests.js';
import { loadHolidays } from './holidays.js';
import { reminderDeps } from './reminders.js';
import { buildEscalationDeps, slackConnection, withEscalations } from './slack.js';
import { createStores } from './stores.js';
import type { Stores } from './stores.js';

export interface Runtime {
  readonly deps: Deps;
  readonly stores: Stores;
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
  // Every surface asks the one contact book: the schemes' directories with the operator's corrections.
  useContactBook(createContactBook(config.contactsFile ? loadContactOverrides(config.contactsFile, directoryEntryIds()) : {}));
  const applied = options.migrate ? (await deployMigrations(config.databaseUrl)).applied : [];
  const db = await openDatabase(config.databaseUrl);
  const data = holidays.operator ? mergeHolidayData(holidays.packaged, holidays.operator) : holidays.packaged;
  const calendar = new WorkingDayCalendar(data);
  const stores = createStores(db, { calendar, policy: config.policy });
  const refresh = await stores.cases.refreshObligations(planningFingerprint(config.policy, data));
  const deps: Deps = { cases: stores.cases, clock: { now: () => new Date() }, calendar, policy: config.policy, zone: config.zone };
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
    ...(config.reminders.policyFile ? { reminderPolicy: loadReminderPolicy(config.reminders.policyFile) } : {}),
    staff: { emails: config.reminders.staffEmails, locale: config.reminders.staffLocale },
    dispatch: { quietHours: config.reminders.quietHours },
    composers: { digest: digestComposer(digests) },
  });
  const escalations = slack ? buildEscalationDeps(config, slack, deps, stores, options.log ?? { warn: () => undefined }) : null;
  return {
    deps,
    stores,
    reminders: withEscalations(dispatch, escalations),
    escalations,
    digests,
    invite: { ...deps, invitations: stores.invitations, invite: botIdentity },
    assistant: { ...deps, invitations: stores.invitations, chats: stores.chats },
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
