// The email digests' parts: their dependencies, their scheduled jobs and the public HTTP server
// behind their unsubscribe links.
import type { DigestDeps } from '../app/digest-ports.js';
import type { Deps } from '../app/ports.js';
import { createDigestRenderer } from '../adapters/email/digest-email.js';
import { createUnsubscribeLinks } from '../adapters/email/unsubscribe-link.js';
import { contactFeedUrls } from '../adapters/calendar/feed-tokens.js';
import { consoleOrigin } from './console-origin.js';
import type { UnsubscribeLinks } from '../adapters/email/unsubscribe-link.js';
import type { Config } from '../config/index.js';
import { digestPeriod, firesOn, weekdayNames } from '../app/digest-schedule.js';
import type { DigestSchedule } from '../app/digest-schedule.js';
import { enqueueContactDigests, enqueueStaffDigests } from '../app/send-digests.js';
import { startHttpServer } from '../adapters/http/http-server.js';
import type { RunningHttpServer } from '../adapters/http/http-server.js';
import { unsubscribeRoutes } from '../adapters/http/unsubscribe-routes.js';
import type { Translator } from '../adapters/i18n/translator.js';
import type { PeriodicJob } from '../adapters/scheduler/periodic-job.js';
import type { IsoDate } from '../domain/calendar/calendar-date.js';
import type { Stores } from './stores.js';
import { errorFields } from '../app/errors.js';
import type { Logger } from '../app/logger.js';

/** How many items of one kind and scheme the staff digest lists before it only counts them. */
const STAFF_ITEMS_PER_GROUP = 25;
const STAFF_WINDOW_DAYS = 30;

/** Signed unsubscribe links, when both the public address and the secret are configured. */
export function unsubscribeLinksOf(config: Config): UnsubscribeLinks | null {
  const { publicUrl } = config.digests;
  const secret = config.secrets.unsubscribeSecret;
  return publicUrl && secret ? createUnsubscribeLinks(publicUrl, secret) : null;
}

/** Contact feed addresses, served by the console: on when it has an address and the signing secret is set. */
export function contactFeedUrlsOf(config: Config): ((contactId: string, feedId: string) => string) | null {
  const origin = config.web.port === null ? null : consoleOrigin(config, config.web.port);
  return contactFeedUrls(origin, config.secrets.unsubscribeSecret);
}

export function buildDigestDeps(config: Config, deps: Deps, stores: Pick<Stores, 'digests' | 'outbox'>): DigestDeps {
  return {
    ...deps,
    digests: stores.digests,
    outbox: stores.outbox,
    renderer: createDigestRenderer({ zone: config.zone, links: unsubscribeLinksOf(config), replyTo: config.digests.staffReplyTo, feedUrls: contactFeedUrlsOf(config) }),
    settings: {
      horizonDays: config.digests.horizonDays,
      staffWindowDays: STAFF_WINDOW_DAYS,
      staffItemsPerGroup: STAFF_ITEMS_PER_GROUP,
      staffEmails: config.reminders.staffEmails,
      staffLocale: config.reminders.staffLocale,
    },
  };
}

/**
 * The scheduled digest jobs, and start-up lines saying which digests are on. Digests need email;
 * applicants' digests also need unsubscribe links (CERTBELL_PUBLIC_URL and the signing secret).
 */
export function digestJobs(config: Config, runtime: { readonly digests: DigestDeps }, log: Logger, tr: Translator): PeriodicJob[] {
  const { contactSchedule, staffSchedule } = config.digests;
  if (!contactSchedule && !staffSchedule) return [];
  if (!config.channels.email) {
    log.info({ feature: 'digests' }, tr.t('digest.service.off', { how: tr.t('digest.service.emailHow') }));
    return [];
  }
  const contactsOn = contactSchedule !== null && unsubscribeLinksOf(config) !== null;
  if (contactSchedule && !contactsOn) log.warn({ feature: 'digests' }, tr.t('digest.service.contactsOff', { how: tr.t('digest.service.linksHow') }));
  if (contactsOn && config.digests.publicUrl && config.digests.httpPort === null) log.warn({ feature: 'digests' }, tr.t('digest.service.httpMissing'));
  const scheduleText = (s: DigestSchedule | null) => (s ? `${s.days.kind === 'weekdays' ? s.days.weekdays.map((d) => weekdayNames[d - 1]).join(',') : s.days.kind === 'working-days' ? 'workdays' : 'daily'} ${s.at}` : 'off');
  log.info(
    { feature: 'digests' },
    tr.t('digest.service.on', { contactAt: contactsOn ? scheduleText(contactSchedule) : 'off', staffAt: scheduleText(staffSchedule), zone: config.zone, days: config.digests.horizonDays }),
  );
  const deps = runtime.digests;
  const job = (name: string, schedule: DigestSchedule, enqueue: (asOf: IsoDate, period: string) => Promise<{ enqueued: number }>): PeriodicJob => ({
    name,
    at: schedule.at,
    firesOn: (day) => firesOn(schedule, day, deps.calendar),
    periodOf: (day) => digestPeriod(schedule, day),
    run: async (asOf, period) => {
      const { enqueued } = await enqueue(asOf, period);
      log.info({ job: name, period, enqueued }, tr.t('digest.service.ran', { who: name, period, enqueued }));
    },
  });
  return [
    ...(contactsOn && contactSchedule ? [job('digest-contacts', contactSchedule, (asOf, period) => enqueueContactDigests(deps, { asOf, period }))] : []),
    ...(staffSchedule && config.reminders.staffEmails.length ? [job('digest-staff', staffSchedule, (asOf, period) => enqueueStaffDigests(deps, { asOf, period }))] : []),
  ];
}

/** The public HTTP server with the unsubscribe path, when CERTBELL_HTTP_PORT is set. */
export async function startPublicHttp(config: Config, runtime: { readonly digests: DigestDeps }, log: Logger, tr: Translator): Promise<RunningHttpServer | null> {
  const links = unsubscribeLinksOf(config);
  if (config.digests.httpPort === null) return null;
  const server = await startHttpServer({
    host: config.digests.httpHost,
    port: config.digests.httpPort,
    routes: links ? unsubscribeRoutes({ digests: runtime.digests.digests, clock: runtime.digests.clock, links }) : [],
    // The path only: a query string carries a contact's signed link.
    onError: (route, error) => log.error({ route, err: errorFields(error) }, tr.t('service.jobFailed', { job: route })),
  });
  log.info({ address: server.address }, tr.t('digest.service.http', { address: server.address }));
  return server;
}
