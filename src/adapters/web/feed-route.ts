// GET /feeds/<token>.ics: a calendar app's subscription. No session: the unguessable address is
// the credential, so an unknown, malformed or revoked one gets the same bare 404. Staff feeds link
// each event to its case page; a contact's feed has no console links, only their own cases.
import ical, { ICalCalendarMethod } from 'ical-generator';
import type { FastifyInstance } from 'fastify';
import { readFeed } from '../../app/console/calendar-feeds.js';
import type { FeedContent } from '../../app/console/calendar-feeds.js';
import { addDeadlineEvent, calendarText } from '../calendar/deadline-events.js';
import { pickLocale, translator } from '../i18n/translator.js';
import type { RouteContext } from './context.js';

const SUFFIX = '.ics';

export function feedCalendar(content: FeedContent, options: { readonly zone: string; readonly origin: string }): string {
  const tr = translator(pickLocale(content.locale));
  const staff = content.feed.ownerKind === 'staff';
  const cal = ical({
    name: calendarText(tr.t(staff ? 'web.feed.staffName' : 'web.feed.contactName')),
    prodId: { company: 'certbell', product: 'feed', language: tr.locale === 'en' ? 'EN' : 'ZH' },
    method: ICalCalendarMethod.PUBLISH,
    timezone: options.zone,
    // Calendar apps that honour it poll hourly; deadlines move only with new events.
    ttl: 3600,
  });
  for (const o of content.obligations) {
    addDeadlineEvent(cal, {
      obligation: o,
      zone: options.zone,
      stamp: content.at,
      summary: tr.t('web.feed.summary', { kind: tr.t(`kind.${o.kind}`), ref: o.caseRef, organization: o.organization }),
      description: [tr.t('web.feed.rules', { rules: o.rules.join(', ') }), tr.explain(o.explanation)].join('\n'),
      ...(staff ? { url: `${options.origin}/cases/${encodeURIComponent(o.caseRef)}` } : {}),
      alarmBeforeS: null,
    });
  }
  return cal.toString();
}

export function registerFeedRoute(app: FastifyInstance, ctx: RouteContext): void {
  app.get('/feeds/:token', async (request, reply) => {
    const name = (request.params as { token?: string }).token ?? '';
    const content = name.endsWith(SUFFIX) ? await readFeed(ctx.deps.feeds, name.slice(0, -SUFFIX.length)) : null;
    if (!content) return reply.code(404).type('text/plain; charset=utf-8').header('Cache-Control', 'no-store').send('Not Found');
    return reply
      .type('text/calendar; charset=utf-8')
      .header('Cache-Control', 'private, no-store')
      .header('Content-Disposition', 'inline; filename="certbell.ics"')
      .send(feedCalendar(content, { zone: ctx.deps.zone, origin: ctx.origin }));
  });
}
