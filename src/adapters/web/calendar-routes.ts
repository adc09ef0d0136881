// The calendar's routes: GET /calendar, and the feed forms on it, each of which answers with the
// calendar page again saying what it did.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { createContactFeeds, createStaffFeed, revokeFeed } from '../../app/console/calendar-feeds.js';
import { parseCaseFilter } from '../../app/console/find-cases.js';
import { currentDay, parseMonth, showCalendar } from '../../app/console/show-calendar.js';
import { feedUrl } from '../calendar/feed-tokens.js';
import { calendarBody } from './calendar-page.js';
import type { RouteContext, Staff } from './context.js';
import { formField, staffOnly, staffPage } from './context.js';
import { feedsSection, listFeedsOf } from './feeds-panel.js';
import type { FeedNotice } from './feeds-panel.js';
import { html } from './html.js';

/** Renders the calendar page; the feed forms render it again with what they did. */
export async function calendarPage(ctx: RouteContext, query: Readonly<Record<string, string | undefined>>, staff: Staff, notice: FeedNotice | null, status = 200) {
  const { filter, ignored } = parseCaseFilter(query);
  const asked = parseMonth(query.month, currentDay(ctx.deps));
  const [view, provinces, feeds] = await Promise.all([showCalendar(ctx.deps, filter, asked.month), ctx.deps.caseQueries.provinces(), listFeedsOf(ctx, staff)]);
  const body = html`${calendarBody(staff.tr, view, provinces, asked.ignored ? [...ignored, 'month'] : ignored)}
${feedsSection(staff, view, feeds, notice)}`;
  return { status, title: staff.tr.t('web.calendar.title', { month: view.month }), body };
}

export function registerCalendarRoutes(app: FastifyInstance, ctx: RouteContext): void {
  app.get(
    '/calendar',
    staffOnly(ctx, async (request, reply, staff) => {
      const shown = await calendarPage(ctx, request.query as Record<string, string | undefined>, staff, null);
      return staffPage(reply, staff, { title: shown.title, section: 'calendar', body: shown.body, status: shown.status });
    }),
  );
}

function viewQuery(request: FastifyRequest): Record<string, string> {
  return Object.fromEntries(new URLSearchParams((formField(request, 'view') ?? '').slice(0, 2_000)));
}

async function answer(ctx: RouteContext, request: FastifyRequest, reply: FastifyReply, staff: Staff, notice: FeedNotice, status = 200) {
  const shown = await calendarPage(ctx, viewQuery(request), staff, notice, status);
  return staffPage(reply, staff, { title: shown.title, section: 'calendar', body: shown.body, status: shown.status });
}

export function registerFeedRoutes(app: FastifyInstance, ctx: RouteContext): void {
  app.post(
    '/calendar/feeds',
    staffOnly(ctx, async (request, reply, staff) => {
      const query = viewQuery(request);
      const filter = formField(request, 'scope') === 'filter' ? parseCaseFilter(query).filter : null;
      const { token } = await createStaffFeed(ctx.deps.feeds, staff.member.email, filter);
      return answer(ctx, request, reply, staff, { kind: 'created', url: feedUrl(ctx.origin, token) });
    }),
  );
  app.post(
    '/calendar/feeds/contact',
    staffOnly(ctx, async (request, reply, staff) => {
      const made = await createContactFeeds(ctx.deps.feeds, formField(request, 'email') ?? '', `web:${staff.member.email}`);
      if (!made.ok) return answer(ctx, request, reply, staff, { kind: 'error', message: staff.tr.error(made.error) }, 400);
      const links = made.value.map((l) => ({ email: l.contact.email, organization: l.contact.organization, url: feedUrl(ctx.origin, l.token), created: l.created }));
      return answer(ctx, request, reply, staff, { kind: 'contact', links });
    }),
  );
  app.post(
    '/calendar/feeds/:id/revoke',
    staffOnly(ctx, async (request, reply, staff) => {
      const done = await revokeFeed(ctx.deps.feeds, (request.params as { id: string }).id, staff.member.email);
      if (!done.ok) return answer(ctx, request, reply, staff, { kind: 'error', message: staff.tr.error(done.error) }, 404);
      return answer(ctx, request, reply, staff, { kind: 'revoked' });
    }),
  );
}
