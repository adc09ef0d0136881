// A certbell with a real database, a clock the test moves, and delivery channels that record every
// message at the port (the wire-level fakes are exercised by the channel adapters' own tests).
import { packagedHolidayData } from '../../src/adapters/calendar/holiday-data.js';
import { createCaseRepository } from '../../src/adapters/db/case-repository.js';
import { createRunCoordinator } from '../../src/adapters/db/run-coordinator.js';
import type { ChannelId, DeliveryChannel, DeliveryPolicy, DeliveryResult, OutgoingMessage } from '../../src/app/delivery.js';
import { emailPolicy } from '../../src/adapters/email/email-delivery.js';
import { slackPolicy } from '../../src/adapters/slack/slack-web.js';
import { telegramPolicy } from '../../src/adapters/telegram/telegram-delivery.js';
import type { DispatchDeps, DispatchPolicy } from '../../src/app/dispatch-outbox.js';
import type { ImportItem } from '../../src/app/import-cases.js';
import { defaultPolicy } from '../../src/domain/policy.js';
import { WorkingDayCalendar } from '../../src/domain/calendar/working-days.js';
import { reminderDeps } from '../../src/compose/reminders.js';
import { createStores } from '../../src/compose/stores.js';
import { worldDatabase } from './databases.js';
import { movingClock } from './moving-clock.js';

export interface Delivered extends OutgoingMessage {
  readonly channel: ChannelId;
  readonly at: Date;
}

/** What the real adapters declare (rates, quiet hours, how they reach a contact, fallback). */
const realPolicies: Record<ChannelId, DeliveryPolicy> = { telegram: telegramPolicy, email: emailPolicy, slack: slackPolicy };

/** A channel that records what it is given and answers from a script (default: sent). */
export class RecordingChannel implements DeliveryChannel {
  readonly delivered: Delivered[] = [];
  readonly attempts: Delivered[] = [];
  private readonly script: ((m: OutgoingMessage) => DeliveryResult | null)[] = [];

  constructor(
    readonly id: ChannelId,
    private readonly now: () => Date,
    /** What the real adapter of this channel declares (by default), so that the sweep and the dispatcher treat the stand-in alike. */
    readonly policy: DeliveryPolicy = realPolicies[id],
  ) {}

  /** The next sends answer with these results, in order (null: deliver normally). */
  answer(...results: ((m: OutgoingMessage) => DeliveryResult | null)[]): void {
    this.script.push(...results);
  }

  async send(message: OutgoingMessage): Promise<DeliveryResult> {
    const record = { ...message, channel: this.id, at: this.now() };
    this.attempts.push(record);
    const result = this.script.shift()?.(message) ?? null;
    if (result) return result;
    this.delivered.push(record);
    return { kind: 'sent', providerId: String(this.delivered.length) };
  }
}

/**
 * One certbell instance. With `join`, a second instance on the first one's database: its own
 * connections, repositories, limiter and clock, as another process would have.
 */
export async function createReminderWorld(kind: 'sqlite' | 'postgres', start: string, dispatch: Partial<DispatchPolicy> = {}, join?: { readonly url: string }) {
  const database = await worldDatabase(kind, join);
  const { clock, sleep, setNow, advance } = movingClock(start);
  const calendar = new WorkingDayCalendar(packagedHolidayData());
  const cases = createCaseRepository(database.db, { calendar, policy: defaultPolicy });
  const telegram = new RecordingChannel('telegram', clock.now);
  const email = new RecordingChannel('email', clock.now);
  const deps: DispatchDeps = reminderDeps({ cases, clock, calendar, policy: defaultPolicy, zone: 'Asia/Shanghai' }, createStores(database.db, { calendar, policy: defaultPolicy }), {
    channels: { telegram, email },
    staff: { emails: ['staff@certbody.example.cn'], locale: 'zh-CN' },
    dispatch,
    sleep,
    random: () => 0.5,
  });

  return {
    database,
    deps,
    coordinator: createRunCoordinator(database.db),
    telegram,
    email,
    setNow,
    advance,
    async bindChat(email: string, chatId: string) {
      const contact = await database.db.prisma.contact.findFirst({ where: { email } });
      if (!contact) throw new Error(`no contact ${email}`);
      await database.db.prisma.contactChat.create({ data: { chatId, contactId: contact.id, status: 'active', boundAt: clock.now(), updatedAt: clock.now() } });
    },
    close: () => database.drop(),
  };
}

export { nine } from './moving-clock.js';

/** A certified cnce-ns case in Beijing with one contact. */
export function certified(ref: string, issuedOn: string, email: string, locale = 'zh-CN', organization = `${ref} 有限公司`): ImportItem {
  return {
    source: { file: 'test', path: ref },
    header: { ref, scheme: 'cnce-ns', organization: { name: organization, province: '北京' }, serviceType: 'risk-assessment', level: 2, contacts: [{ name: '张伟', email, locale }] },
    events: [{ source: { file: 'test', path: ref }, fields: { type: 'certificate-issued', date: issuedOn, certificateNo: `NO-${ref}` } }],
  };
}
