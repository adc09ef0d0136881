// The staff web console's listener: fastify with server-rendered pages, the security headers on
// every response, and one error boundary: an unknown path is a 404, a known path with another
// method a 405, an oversized body a 413, and a route that throws a logged 500; none stops the server.
import fastifyCookie from '@fastify/cookie';
import fastifyFormbody from '@fastify/formbody';
import Fastify from 'fastify';
import type { FastifyError, FastifyInstance } from 'fastify';
import type { RouteContext, WebConsoleDeps } from './context.js';
import { refusePage, staffOnly, visitorTranslator, formField } from './context.js';
import { SECURITY_HEADERS } from './security.js';
import { registerSignInRoutes } from './sign-in-routes.js';
import { consoleIcon } from './icon.js';
import { consoleCss } from './styles.js';
import { registerTodayRoutes } from './today-page.js';
import { registerCaseListRoutes } from './cases-page.js';
import { registerCalendarRoutes, registerFeedRoutes } from './calendar-routes.js';
import { registerFeedRoute } from './feed-route.js';
import { registerImportRoutes } from './import-page.js';
import { registerCasePageRoutes } from './case-page.js';
import { registerCaseActionRoutes } from './case-actions.js';
import { registerEscalationListRoutes } from './escalations-page.js';
import { registerDeliveryListRoutes } from './deliveries-page.js';
import type { Translator } from '../i18n/translator.js';
import type { Logger } from '../../app/logger.js';

export interface ConsoleServerOptions {
  readonly host: string;
  /** 0 takes a free port (tests). */
  readonly port: number;
  /** The console's public origin, e.g. https://certbell.example.cn (links in mail, the origin check). */
  readonly origin: string;
  readonly deps: WebConsoleDeps;
  readonly log: Logger;
  readonly logTr: Translator;
}

export interface RunningConsole {
  readonly address: string;
  readonly port: number;
  /** Every route served (method and path pattern), for the security scan. */
  readonly routes: readonly { readonly method: string; readonly url: string }[];
  close(): Promise<void>;
}

/** Forms are small; the import upload sets its own, larger limit. */
const FORM_BODY_LIMIT = 64 * 1024;

export async function startConsoleServer(options: ConsoleServerOptions): Promise<RunningConsole> {
  const app = Fastify({ logger: false, bodyLimit: FORM_BODY_LIMIT, requestTimeout: 30_000, connectionTimeout: 30_000, return503OnClosing: true });
  const ctx: RouteContext = { deps: options.deps, origin: options.origin, log: options.log, logTr: options.logTr };
  const routes: { method: string; url: string; pattern: RegExp }[] = [];
  app.addHook('onRoute', (route) => {
    const pattern = new RegExp(`^${route.url.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/:[A-Za-z]+/g, '[^/]+')}$`);
    for (const method of [route.method].flat()) routes.push({ method, url: route.url, pattern });
  });
  await app.register(fastifyCookie);
  await app.register(fastifyFormbody);
  app.addHook('onSend', async (_request, reply, payload) => {
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) if (!reply.hasHeader(name)) reply.header(name, value);
    return payload;
  });

  // Set before the routes: a scope registered below (the import upload) takes the handler it finds then.
  app.setNotFoundHandler(async (request, reply) => {
    const tr = visitorTranslator(request);
    const path = request.url.split('?')[0] ?? '/';
    const allowed = [...new Set(routes.filter((r) => r.pattern.test(path)).map((r) => r.method))];
    if (allowed.length) return refusePage(reply.header('Allow', allowed.join(', ')), tr, 405, tr.t('web.refused.method'));
    return refusePage(reply, tr, 404, tr.t('web.refused.notFound'));
  });
  app.setErrorHandler(async (error: FastifyError, request, reply) => {
    const tr = visitorTranslator(request);
    const status = error.statusCode ?? 500;
    if (status === 413) return refusePage(reply.header('Connection', 'close'), tr, 413, tr.t('web.refused.tooLarge'));
    if (status >= 400 && status < 500) return refusePage(reply, tr, status, tr.t('web.refused.badRequest'));
    options.log.error({ route: request.routeOptions.url ?? request.url.split('?')[0], err: { message: error.message, stack: error.stack } }, options.logTr.t('web.log.routeFailed'));
    return refusePage(reply, tr, 500, tr.t('web.refused.internal'));
  });

  app.get('/assets/console.css', async (_request, reply) => reply.type('text/css; charset=utf-8').header('Cache-Control', 'public, max-age=3600').send(consoleCss));
  app.get('/assets/favicon.svg', async (_request, reply) => reply.type('image/svg+xml').header('Cache-Control', 'public, max-age=86400').send(consoleIcon));
  registerSignInRoutes(app, ctx);
  registerTodayRoutes(app, ctx);
  registerCaseListRoutes(app, ctx);
  registerCasePageRoutes(app, ctx);
  registerCaseActionRoutes(app, ctx);
  registerEscalationListRoutes(app, ctx);
  registerDeliveryListRoutes(app, ctx);
  registerCalendarRoutes(app, ctx);
  registerFeedRoutes(app, ctx);
  registerFeedRoute(app, ctx);
  await registerImportRoutes(app, ctx);
  app.post(
    '/settings/language',
    staffOnly(ctx, async (request, reply, staff) => {
      const locale = formField(request, 'locale') === 'en' ? 'en' : 'zh-CN';
      await ctx.deps.signIn.staff.setLocale(staff.member.email, locale, ctx.deps.clock.now(), { actor: `web:${staff.member.email}`, action: 'web.language', subject: staff.member.email, details: { locale } });
      const back = request.headers.referer;
      const path = back && back.startsWith(`${ctx.origin}/`) ? back.slice(ctx.origin.length) : '/';
      return reply.redirect(path, 303);
    }),
  );

  await app.listen({ host: options.host, port: options.port });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  return {
    address: `${options.host}:${port}`,
    port,
    routes: routes.map(({ method, url }) => ({ method, url })),
    close: () => closeServer(app),
  };
}

async function closeServer(app: FastifyInstance): Promise<void> {
  await app.close();
}
