// The applicants' assistant as it runs: real telegraf polling the local fake Bot API, real
// repositories on a real database, a clock the test moves, and cases with histories on both schemes.
import { packagedHolidayData } from '../../../src/adapters/calendar/holiday-data.js';
import { createCaseRepository } from '../../../src/adapters/db/case-repository.js';
import { createChatDirectory } from '../../../src/adapters/db/chat-directory.js';
import { createInboundReceipts } from '../../../src/adapters/db/inbound-receipts.js';
import { createInvitationRepository } from '../../../src/adapters/db/invitation-repository.js';
import { createDigestRepository } from '../../../src/adapters/db/digest-repository.js';
import { createOutboxRepository } from '../../../src/adapters/db/outbox-repository.js';
import { startAssistant } from '../../../src/adapters/telegram/bot.js';
import { createTelegramDelivery } from '../../../src/adapters/telegram/telegram-delivery.js';
import { reminderDeps } from '../../../src/compose/reminders.js';
import type { AssistantOptions, RunningAssistant } from '../../../src/adapters/telegram/bot.js';
import type { AssistantDeps } from '../../../src/app/answer-applicant.js';
import { importCases } from '../../../src/app/import-cases.js';
import type { ImportItem } from '../../../src/app/import-cases.js';
import { inviteContact } from '../../../src/app/invite-contact.js';
import type { InviteDeps } from '../../../src/app/invite-contact.js';
import { defaultPolicy } from '../../../src/domain/policy.js';
import { WorkingDayCalendar } from '../../../src/domain/calendar/working-days.js';
import { startFakeTelegram } from '../../fakes/fake-telegram.js';
import type { FakeTelegram, SentMessage } from '../../fakes/fake-telegram.js';
import { createTestDatabase } from '../../support/databases.js';
import { silentLogger } from '../../../src/app/logger.js';
import type { Logger } from '../../../src/app/logger.js';
import { movingClock } from '../../support/moving-clock.js';

/** 10:00 on 2026-11-21 in Asia/Shanghai. */
export const START = '2026-11-21T02:00:00.000Z';

const item = (ref: string, header: Omit<ImportItem['header'], 'ref'>, events: [string, string, Record<string, string>?][]): ImportItem => ({
  source: { file: 'test', path: ref },
  header: { ref, ...header },
  events: events.map(([type, date, extra]) => ({ source: { file: 'test', path: ref }, fields: { type, date, ...extra } })),
});

/** Everything that identifies a case: none of it may reach a chat not bound to it. */
export interface CaseFacts {
  readonly ref: string;
  readonly organization: string;
  readonly email: string;
  readonly contactName: string;
  readonly certificateNo: string | null;
}

export const CASES = {
  // CN-12: certificate issued 2025-12-10, so the first annual inspection window is 2026-11-10…2026-12-09, the day before the anniversary.
  beijing: { ref: 'CN-2026-0001', organization: '北京安信网络科技有限公司', email: 'zhang.wei@example.cn', contactName: '张伟', certificateNo: 'CNCE-NS-2025-0107' },
  // CN-6: materials received 2026-11-16, formal review within 15 working days, by 2026-12-07.
  guangdong: { ref: 'CN-2026-0002', organization: '广州数安信息技术有限公司', email: 'li.na@example.com', contactName: 'Li Na', certificateNo: null },
  // WA-4, WA-8: certificate issued 2026-01-15; first surveillance audit by 2027-01-15, information 3 months before.
  wal: { ref: 'WA-2026-0003', organization: '上海网盾安全服务有限公司', email: 'wang.fang@example.cn', contactName: '王芳', certificateNo: 'WAL-2026-0031' },
  // The same person as the Beijing case's contact, for another organisation (CN-17: 新疆 is not in the guide's list).
  xinjiang: { ref: 'CN-2026-0004', organization: '乌鲁木齐天山网络安全有限公司', email: 'zhang.wei@example.cn', contactName: '张伟', certificateNo: 'CNCE-NS-2024-0420' },
} as const satisfies Record<string, CaseFacts>;

export const caseItems: ImportItem[] = [
  item(
    CASES.beijing.ref,
    { scheme: 'cnce-ns', organization: { name: CASES.beijing.organization, province: '北京' }, serviceType: 'risk-assessment', level: 2, contacts: [{ name: CASES.beijing.contactName, email: CASES.beijing.email, locale: 'zh-CN' }] },
    [['certificate-issued', '2025-12-10', { certificateNo: CASES.beijing.certificateNo }]],
  ),
  item(
    CASES.guangdong.ref,
    { scheme: 'cnce-ns', organization: { name: CASES.guangdong.organization, province: '广东省' }, serviceType: 'design-integration', level: 1, contacts: [{ name: CASES.guangdong.contactName, email: CASES.guangdong.email, locale: 'en' }] },
    [['materials-received', '2026-11-16']],
  ),
  item(
    CASES.wal.ref,
    { scheme: 'wal', organization: { name: CASES.wal.organization, province: '上海' }, serviceType: null, level: 3, contacts: [{ name: CASES.wal.contactName, email: CASES.wal.email, locale: 'zh-CN' }] },
    [['certificate-issued', '2026-01-15', { certificateNo: CASES.wal.certificateNo }]],
  ),
  item(
    CASES.xinjiang.ref,
    { scheme: 'cnce-ns', organization: { name: CASES.xinjiang.organization, province: '新疆维吾尔自治区' }, serviceType: 'risk-assessment', level: 1, contacts: [{ name: CASES.xinjiang.contactName, email: CASES.xinjiang.email, locale: 'zh-CN' }] },
    [['certificate-issued', '2024-06-03', { certificateNo: CASES.xinjiang.certificateNo }]],
  ),
];

export interface LoggedError {
  readonly fields: unknown;
  readonly message: string;
}

export async function createAssistantWorld(
  kind: 'sqlite' | 'postgres',
  options: Partial<Pick<AssistantOptions, 'mode' | 'webhook' | 'floodLimits' | 'tokenLimits' | 'sender'>> & { readonly join?: { readonly url: string }; readonly enforceLimits?: boolean; readonly reminders?: boolean } = {},
) {
  const database = await createTestDatabase(kind);
  const { clock, setNow, advance } = movingClock(START);
  const calendar = new WorkingDayCalendar(packagedHolidayData());
  const cases = createCaseRepository(database.db, { calendar, policy: defaultPolicy });
  const base = { cases, clock, calendar, policy: defaultPolicy, zone: 'Asia/Shanghai' };
  const invitations = createInvitationRepository(database.db);
  const invite: InviteDeps = { ...base, invitations, invite: { botUsername: 'certbell_fake_bot', validDays: 7 } };
  const imported = await importCases(base, caseItems, 'test');
  if (!imported.ok) throw new Error(`fixture cases did not import: ${JSON.stringify(imported.error)}`);

  // The wire's clock: waiting (pacing, 429s, back-off) moves it at once, for the bot and the fake
  // Bot API alike, so that Telegram's limits hold in a test that takes no real time to wait.
  let wire = Date.now();
  const fake: FakeTelegram = await startFakeTelegram({ now: () => wire, enforceLimits: options.enforceLimits ?? false });
  // With `reminders`, the outbox and its dispatcher as the service wires them, reminders going to the fake Bot API.
  const reminders = options.reminders
    ? reminderDeps(base, { outbox: createOutboxRepository(database.db), digests: createDigestRepository(database.db) }, { channels: { telegram: createTelegramDelivery({ token: fake.token, apiRoot: fake.url }) }, dispatch: { quietHours: null } })
    : null;
  const assistant: AssistantDeps = { ...base, invitations, chats: createChatDirectory(database.db), ...(reminders ? { reminders } : {}) };
  const errors: LoggedError[] = [];
  const log: Logger = { ...silentLogger, error: (fields, message) => void errors.push({ fields, message }) };
  const sleeps: number[] = [];
  const running: RunningAssistant = await startAssistant({
    token: fake.token,
    apiRoot: fake.url,
    deps: assistant,
    receipts: createInboundReceipts(database.db),
    log,
    mode: options.mode ?? 'polling',
    ...(options.webhook ? { webhook: options.webhook } : {}),
    ...(options.floodLimits ? { floodLimits: options.floodLimits } : {}),
    ...(options.tokenLimits ? { tokenLimits: options.tokenLimits } : {}),
    ...(options.sender ? { sender: options.sender } : {}),
    now: () => wire,
    sleep: async (ms) => {
      sleeps.push(ms);
      wire += ms;
    },
  });

  /** Resolves once every pushed update was taken (its offset acknowledged) and answered. */
  async function settle(timeoutMs = 5000): Promise<void> {
    const until = Date.now() + timeoutMs;
    while (fake.pendingUpdates.length > 0) {
      if (Date.now() > until) throw new Error(`${fake.pendingUpdates.length} update(s) still not taken`);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    if (!(await running.idle(Math.max(0, until - Date.now())))) throw new Error('updates still being answered');
  }

  /** The chat says `text`; returns what the bot sent to that chat in answer. */
  async function say(chatId: number, text: string, languageCode = 'zh-hans'): Promise<SentMessage[]> {
    const before = fake.sent.length;
    fake.pushText(chatId, text, { language_code: languageCode });
    await settle();
    return fake.sent.slice(before).filter((m) => m.chatId === chatId);
  }

  /** The chat presses a button. */
  async function press(chatId: number, data: string, languageCode = 'zh-hans'): Promise<SentMessage[]> {
    const before = fake.sent.length;
    fake.pushCallbackQuery(chatId, data, undefined, { language_code: languageCode });
    await settle();
    return fake.sent.slice(before).filter((m) => m.chatId === chatId);
  }

  /** Staff invite a case's contact; returns the token of the deep link. */
  async function invitationToken(ref: string, email: string): Promise<string> {
    const result = await inviteContact(invite, { caseRef: ref, email, actor: 'cli:staff' });
    if (!result.ok) throw new Error(`invite failed: ${result.error.code}`);
    return new URL(result.value.link).searchParams.get('start') ?? '';
  }

  /** Binds a chat through the real flow. */
  async function bind(chatId: number, ref: string, email: string, languageCode = 'zh-hans'): Promise<SentMessage[]> {
    return say(chatId, `/start ${await invitationToken(ref, email)}`, languageCode);
  }

  return {
    database,
    fake,
    running,
    assistant,
    reminders,
    invite,
    errors,
    sleeps,
    say,
    press,
    bind,
    invitationToken,
    settle,
    setNow,
    advance,
    /** The wire's clock (ms), which waiting moves. */
    wire: () => wire,
    async close() {
      await running.stop();
      await fake.close();
      await database.drop();
    },
  };
}

export type AssistantWorld = Awaited<ReturnType<typeof createAssistantWorld>>;

/** Every text, joined, for assertions over whole conversations. */
export const texts = (messages: readonly SentMessage[]) => messages.map((m) => m.text).join('\n---\n');
