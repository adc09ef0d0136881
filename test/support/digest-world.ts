// A certbell with a real database, a clock the test moves, and the real email channel (nodemailer)
// pointed at the local SMTP server: digests travel through the outbox and over SMTP as in production.
import { afterAll, afterEach, beforeAll } from 'vitest';
import { packagedHolidayData } from '../../src/adapters/calendar/holiday-data.js';
import { createCaseRepository } from '../../src/adapters/db/case-repository.js';
import { createDigestRepository } from '../../src/adapters/db/digest-repository.js';
import { createOutboxRepository } from '../../src/adapters/db/outbox-repository.js';
import { createDigestRenderer } from '../../src/adapters/email/digest-email.js';
import { createEmailDelivery } from '../../src/adapters/email/email-delivery.js';
import { createUnsubscribeLinks } from '../../src/adapters/email/unsubscribe-link.js';
import type { DigestDeps } from '../../src/app/digest-ports.js';
import type { DispatchDeps } from '../../src/app/dispatch-outbox.js';
import { importCases } from '../../src/app/import-cases.js';
import type { Deps } from '../../src/app/ports.js';
import { digestComposer } from '../../src/app/send-digests.js';
import { reminderDeps } from '../../src/compose/reminders.js';
import { createStores } from '../../src/compose/stores.js';
import { defaultPolicy } from '../../src/domain/policy.js';
import { WorkingDayCalendar } from '../../src/domain/calendar/working-days.js';
import { FakeSmtpServer, type ReceivedMail } from '../fakes/fake-smtp.js';
import { worldDatabase } from './databases.js';
import { digestCases } from './digest-cases.js';
import { movingClock } from './moving-clock.js';

export { nine } from './moving-clock.js';

export const UNSUBSCRIBE_SECRET = 'test-only-unsubscribe-secret-0123456789';
export const STAFF = ['desk@certbody.example.cn', 'lead@certbody.example.cn'];
export const FROM = '证书提醒 <reminders@certbell.test>';
export const STAFF_REPLY_TO = '认证部 王老师 <cert-desk@certbody.example.cn>';

/**
 * One instance. With `join`, another instance on the first one's database (its own connections,
 * repositories and clock), as a second process would be.
 */
export async function createDigestWorld(kind: 'sqlite' | 'postgres', start: string, options: { readonly smtpUrl: string; readonly publicUrl?: string; readonly join?: { readonly url: string } }) {
  const database = await worldDatabase(kind, options.join);
  const { clock, sleep, setNow, advance } = movingClock(start);
  const calendar = new WorkingDayCalendar(packagedHolidayData());
  const deps: Deps = { cases: createCaseRepository(database.db, { calendar, policy: defaultPolicy }), clock, calendar, policy: defaultPolicy, zone: 'Asia/Shanghai' };
  const links = createUnsubscribeLinks(options.publicUrl ?? 'https://certbell.example.cn', UNSUBSCRIBE_SECRET);
  const digests: DigestDeps = {
    ...deps,
    digests: createDigestRepository(database.db),
    outbox: createOutboxRepository(database.db),
    renderer: createDigestRenderer({ zone: 'Asia/Shanghai', links, replyTo: STAFF_REPLY_TO }),
    settings: { horizonDays: 60, staffWindowDays: 30, staffItemsPerGroup: 25, staffEmails: STAFF, staffLocale: 'zh-CN' },
  };
  const email = createEmailDelivery({ smtpUrl: options.smtpUrl, from: FROM });
  const dispatch: DispatchDeps = reminderDeps(deps, createStores(database.db, deps), {
    channels: { email },
    staff: { emails: STAFF, locale: 'zh-CN' },
    composers: { digest: digestComposer(digests) },
    sleep,
    random: () => 0.5,
  });
  return {
    database,
    deps,
    digests,
    dispatch,
    links,
    setNow,
    advance,
    async importDigestCases() {
      const result = await importCases(deps, digestCases, 'test');
      if (!result.ok) throw new Error(JSON.stringify(result.error));
    },
    async contactRow(email: string) {
      return database.db.prisma.contact.findFirstOrThrow({ where: { email } });
    },
    async close() {
      await email.close?.();
      await database.drop();
    },
  };
}

export type DigestWorld = Awaited<ReturnType<typeof createDigestWorld>>;

/** Whom a mail went to. */
export const to = (mail: ReceivedMail) => mail.envelope.to.join(',');

/**
 * The local SMTP server of a describe block's tests: started before them; after each, once `cleanUp`
 * has closed what the test opened, running again (a test may stop it) and emptied; closed after them all.
 */
export function smtpForEachTest(cleanUp: () => Promise<unknown>): FakeSmtpServer {
  const smtp = new FakeSmtpServer();
  beforeAll(() => smtp.start());
  afterEach(async () => {
    await cleanUp();
    await smtp.start();
    smtp.reset();
  });
  afterAll(() => smtp.close());
  return smtp;
}
