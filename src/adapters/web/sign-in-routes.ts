// Sign-in by one-time link: ask for a link, open it, confirm with a button (so that a mail scanner
// following the link does not spend it), sign out. Nothing here says whether an address is staff's.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { redeemSignIn, requestSignIn, signOut } from '../../app/console/sign-in.js';
import type { Translator } from '../i18n/translator.js';
import type { RouteContext } from './context.js';
import { formField, refusePage, sendPage, staffOnly, visitorTranslator } from './context.js';
import { html } from './html.js';
import { page } from './layout.js';
import { cookieAttributes, csrfMatches, csrfTokenOf, CSRF_FIELD, newVisitorId, sameOrigin, SESSION_COOKIE, VISITOR_COOKIE, WindowLimiter } from './security.js';
import { errorFields } from '../../app/errors.js';

/** Sign-in requests one client address may make per quarter hour, whatever addresses it asks for. */
const REQUESTS_PER_CLIENT = 10;
const CLIENT_WINDOW_MS = 15 * 60_000;

/** The visitor cookie's value, set now if the browser has none. */
function visitorOf(request: FastifyRequest, reply: FastifyReply): string {
  const existing = request.cookies[VISITOR_COOKIE];
  if (existing && /^[A-Za-z0-9_-]{43}$/.test(existing)) return existing;
  const created = newVisitorId();
  reply.setCookie(VISITOR_COOKIE, created, cookieAttributes());
  return created;
}

function visitorPostAllowed(ctx: RouteContext, request: FastifyRequest): boolean {
  return sameOrigin(request.headers, ctx.origin) && csrfMatches(request.cookies[VISITOR_COOKIE], formField(request, CSRF_FIELD));
}

function signInForm(tr: Translator, csrf: string, notice?: string): string {
  return page(tr, {
    title: tr.t('web.signIn.title'),
    viewer: null,
    body: html`<section class="signin panel">
<h1>${tr.t('web.signIn.title')}</h1>
${notice ? html`<p class="notice" role="status">${notice}</p>` : ''}
<p>${tr.t('web.signIn.intro')}</p>
<form class="stack" method="post" action="/sign-in">
<input type="hidden" name="${CSRF_FIELD}" value="${csrf}">
<label for="email">${tr.t('web.signIn.email')}</label>
<input id="email" name="email" type="email" autocomplete="email" required maxlength="254">
<button type="submit">${tr.t('web.signIn.send')}</button>
</form>
</section>`,
  });
}

export function registerSignInRoutes(app: FastifyInstance, ctx: RouteContext): void {
  const clients = new WindowLimiter(REQUESTS_PER_CLIENT, CLIENT_WINDOW_MS);

  app.get('/sign-in', async (request, reply) => {
    const tr = visitorTranslator(request);
    return sendPage(reply, 200, signInForm(tr, csrfTokenOf(visitorOf(request, reply))));
  });

  app.post('/sign-in', async (request, reply) => {
    const tr = visitorTranslator(request);
    if (!visitorPostAllowed(ctx, request)) return refusePage(reply, tr, 403, tr.t('web.refused.forged'));
    const email = (formField(request, 'email') ?? '').slice(0, 254);
    if (!clients.allow(request.ip, ctx.deps.clock.now().getTime())) {
      ctx.log.warn({ route: '/sign-in' }, ctx.logTr.t('web.log.clientLimited'));
    } else {
      // Answered before the mail goes, so that a staff address takes no longer than any other.
      void requestSignIn(ctx.deps.signIn, { email }).then(
        (outcome) => ctx.log.info({ route: '/sign-in', outcome }, ctx.logTr.t('web.log.signInRequested', { outcome })),
        (error: unknown) => ctx.log.error({ route: '/sign-in', err: errorFields(error) }, ctx.logTr.t('web.log.signInFailed')),
      );
    }
    return sendPage(reply, 200, signInForm(tr, csrfTokenOf(visitorOf(request, reply)), tr.t('web.signIn.sent', { minutes: Math.round(ctx.deps.signIn.settings.linkValidMs / 60_000) })));
  });

  app.get('/sign-in/verify', async (request, reply) => {
    const tr = visitorTranslator(request);
    const token = String((request.query as Record<string, unknown>).token ?? '').slice(0, 100);
    const csrf = csrfTokenOf(visitorOf(request, reply));
    return sendPage(
      reply,
      200,
      page(tr, {
        title: tr.t('web.signIn.title'),
        viewer: null,
        body: html`<section class="signin panel">
<h1>${tr.t('web.signIn.confirmTitle')}</h1>
<form class="stack" method="post" action="/sign-in/verify">
<input type="hidden" name="${CSRF_FIELD}" value="${csrf}">
<input type="hidden" name="token" value="${token}">
<button type="submit">${tr.t('web.signIn.confirm')}</button>
</form>
</section>`,
      }),
    );
  });

  app.post('/sign-in/verify', async (request, reply) => {
    const tr = visitorTranslator(request);
    if (!visitorPostAllowed(ctx, request)) return refusePage(reply, tr, 403, tr.t('web.refused.forged'));
    const signedIn = await redeemSignIn(ctx.deps.signIn, { token: formField(request, 'token') ?? '' });
    if (!signedIn) return sendPage(reply, 400, signInForm(tr, csrfTokenOf(visitorOf(request, reply)), tr.t('web.signIn.linkInvalid')));
    reply.setCookie(SESSION_COOKIE, signedIn.sessionId, cookieAttributes(Math.floor(ctx.deps.signIn.settings.maxAgeMs / 1000)));
    reply.clearCookie(VISITOR_COOKIE, cookieAttributes());
    return reply.redirect('/', 303);
  });

  app.post(
    '/sign-out',
    staffOnly(ctx, async (_request, reply, staff) => {
      await signOut(ctx.deps.signIn, staff.sessionId);
      reply.clearCookie(SESSION_COOKIE, cookieAttributes());
      return reply.redirect('/sign-in', 303);
    }),
  );
}
