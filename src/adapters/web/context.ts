// What every route module is given: the use cases' dependencies, the translator for the person
// asking, and the guard that lets only signed-in staff through.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { CaseQueries, ConsoleQueries } from '../../app/console/console-ports.js';
import type { SignInDeps, StaffMember } from '../../app/console/staff-ports.js';
import type { FeedDeps } from '../../app/console/feed-ports.js';
import type { ImportDeps } from '../../app/console/import-upload.js';
import type { QueueQueries } from '../../app/console/queue-ports.js';
import type { WorkingDayCalendar } from '../../domain/calendar/working-days.js';
import type { CasePageDeps } from '../../app/console/show-case-page.js';
import type { EscalationDeps } from '../../app/escalation-ports.js';
import type { InviteDeps } from '../../app/invite-contact.js';
import { resumeSession } from '../../app/console/sign-in.js';
import { pickLocale, translator } from '../i18n/translator.js';
import type { Translator } from '../i18n/translator.js';
import { page } from './layout.js';
import type { Section, Viewer } from './layout.js';
import { html } from './html.js';
import type { Html } from './html.js';
import { csrfMatches, csrfTokenOf, CSRF_FIELD, sameOrigin, SESSION_COOKIE } from './security.js';
import type { Logger } from '../../app/logger.js';

export interface WebConsoleDeps {
  readonly signIn: SignInDeps;
  readonly console: ConsoleQueries;
  readonly caseQueries: CaseQueries;
  /** The lists behind the Today page's open escalations and failed deliveries. */
  readonly queues: QueueQueries;
  /** The case page and what staff do on it: record an event, retry a delivery. */
  readonly casePage: CasePageDeps;
  /** Invitations to the Telegram assistant; the bot's username is resolved before one is issued. */
  readonly invite: InviteDeps;
  resolveBotUsername(): Promise<string | null>;
  /** Staff escalations; null when Slack is not configured (the page then offers no acknowledge or snooze). */
  readonly escalations: EscalationDeps | null;
  readonly clock: { now(): Date };
  readonly zone: string;
  /** The PRC working-day calendar, for the calendar page's holidays. */
  readonly calendar: WorkingDayCalendar;
  readonly feeds: FeedDeps;
  readonly importing: ImportDeps;
}

export interface RouteContext {
  readonly deps: WebConsoleDeps;
  /** The console's origin (scheme, host, port), which every POST must come from. */
  readonly origin: string;
  readonly log: Logger;
  /** The operator's language, for log lines. */
  readonly logTr: Translator;
}

export interface Staff {
  readonly member: StaffMember;
  readonly tr: Translator;
  readonly viewer: Viewer;
  readonly sessionId: string;
}

export type StaffHandler = (request: FastifyRequest, reply: FastifyReply, staff: Staff) => Promise<unknown>;

/** The language of someone not signed in: their browser's first choice. */
export function visitorTranslator(request: FastifyRequest): Translator {
  return translator(pickLocale(request.headers['accept-language']?.split(',')[0]));
}

export function formField(request: FastifyRequest, name: string): string | undefined {
  const body = request.body as Record<string, unknown> | undefined;
  const value = body && typeof body === 'object' ? body[name] : undefined;
  return typeof value === 'string' ? value : undefined;
}

export function sendPage(reply: FastifyReply, status: number, content: string): FastifyReply {
  return reply.code(status).type('text/html; charset=utf-8').send(content);
}

/** A refusal page: a request this console did not make, or one it cannot serve. */
export function refusePage(reply: FastifyReply, tr: Translator, status: number, message: string, viewer: Viewer | null = null): FastifyReply {
  return sendPage(reply, status, page(tr, { title: tr.t('web.refused.title'), viewer, body: html`<h1>${tr.t('web.refused.title')}</h1><p class="error" role="alert">${message}</p><p><a href="/">${tr.t('web.refused.home')}</a></p>` }));
}

/**
 * Lets only signed-in staff through. GET without a live session goes to the sign-in page; a POST
 * also needs the session's CSRF token and the console's own origin, or nothing is done.
 */
export function staffOnly(ctx: RouteContext, handler: StaffHandler) {
  return async (request: FastifyRequest, reply: FastifyReply): Promise<unknown> => {
    const sessionId = request.cookies[SESSION_COOKIE];
    const member = sessionId ? await resumeSession(ctx.deps.signIn, sessionId) : null;
    if (!member || !sessionId) {
      if (request.method === 'GET' || request.method === 'HEAD') return reply.redirect('/sign-in', 303);
      return refusePage(reply, visitorTranslator(request), 403, visitorTranslator(request).t('web.refused.signIn'));
    }
    const tr = translator(member.locale);
    const viewer: Viewer = { email: member.email, csrf: csrfTokenOf(sessionId) };
    if (request.method === 'POST' && !(sameOrigin(request.headers, ctx.origin) && csrfMatches(sessionId, formField(request, CSRF_FIELD)))) {
      ctx.log.warn({ route: request.routeOptions.url, actor: `web:${member.email}` }, ctx.logTr.t('web.log.forged'));
      return refusePage(reply, tr, 403, tr.t('web.refused.forged'), viewer);
    }
    return handler(request, reply, { member, tr, viewer, sessionId });
  };
}

/** Renders a staff page with the shell. */
export function staffPage(reply: FastifyReply, staff: Staff, options: { readonly title: string; readonly section: Section; readonly body: Html; readonly status?: number }): FastifyReply {
  return sendPage(reply, options.status ?? 200, page(staff.tr, { title: options.title, viewer: staff.viewer, section: options.section, body: options.body }));
}
