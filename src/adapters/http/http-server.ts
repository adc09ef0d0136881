// A small node:http server for certbell's public paths (digest unsubscribe links today; /healthz and
// others are one more route). Each route is a function from a request to a response; this file owns
// the parts every route needs: routing, a body size limit, safe headers and one error boundary.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { BodyTooLarge, pathOf, readBody, startListener } from './listener-boundary.js';

export interface HttpRequest {
  readonly method: string;
  readonly url: URL;
  readonly headers: IncomingMessage['headers'];
  /** The body as text (forms are small); empty for GET. */
  readonly body: string;
}

export interface HttpResponse {
  readonly status: number;
  readonly body: string;
  readonly contentType?: string;
  readonly headers?: Readonly<Record<string, string>>;
}

export interface Route {
  readonly method: 'GET' | 'POST';
  readonly path: string;
  handle(request: HttpRequest): Promise<HttpResponse>;
}

export interface HttpServerOptions {
  readonly host: string;
  /** 0 takes a free port (tests). */
  readonly port: number;
  readonly routes: readonly Route[];
  /** Told about a route that threw; the client gets a plain 500. */
  readonly onError: (route: string, error: unknown) => void;
}

export interface RunningHttpServer {
  /** host:port actually listened on. */
  readonly address: string;
  readonly port: number;
  close(): Promise<void>;
}

/** Forms and one-click unsubscribes are a few dozen bytes; anything much larger is not for us. */
const MAX_BODY_BYTES = 16 * 1024;

// Pages are self-contained: no scripts, no outside resources, never framed, never cached.
const SAFE_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cache-Control': 'no-store',
  'X-Frame-Options': 'DENY',
};

export async function startHttpServer(options: HttpServerOptions): Promise<RunningHttpServer> {
  const listener = await startListener({ host: options.host, port: options.port, onError: options.onError }, (req, res) => serve(options, req, res));
  const host = options.host.includes(':') ? `[${options.host}]` : options.host;
  return { address: `${host}:${listener.port}`, port: listener.port, close: () => listener.close() };
}

async function serve(options: HttpServerOptions, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const method = req.method === 'HEAD' ? 'GET' : (req.method ?? 'GET');
  // A request line Node accepts may still be no URL ("GET http://[x HTTP/1.1"): answered, never thrown.
  if (pathOf(req) === null) return send(res, req, { status: 400, body: 'Bad request\n', contentType: 'text/plain; charset=utf-8', headers: { Connection: 'close' } });
  const url = new URL(req.url ?? '/', 'http://certbell.invalid');
  const onPath = options.routes.filter((r) => r.path === url.pathname);
  const route = onPath.find((r) => r.method === method);
  try {
    if (!onPath.length) return send(res, req, { status: 404, body: 'Not found\n', contentType: 'text/plain; charset=utf-8' });
    if (!route) {
      const allow = [...new Set(onPath.map((r) => r.method).flatMap((m) => (m === 'GET' ? ['GET', 'HEAD'] : [m])))].join(', ');
      return send(res, req, { status: 405, body: 'Method not allowed\n', contentType: 'text/plain; charset=utf-8', headers: { Allow: allow } });
    }
    const body = method === 'POST' ? (await readBody(req, MAX_BODY_BYTES)).toString('utf8') : '';
    send(res, req, await route.handle({ method, url, headers: req.headers, body }));
  } catch (error) {
    if (error instanceof BodyTooLarge) return send(res, req, { status: 413, body: 'Request too large\n', contentType: 'text/plain; charset=utf-8', headers: { Connection: 'close' } });
    options.onError(`${method} ${url.pathname}`, error);
    if (!res.headersSent) send(res, req, { status: 500, body: 'Internal error\n', contentType: 'text/plain; charset=utf-8' });
  }
}

function send(res: ServerResponse, req: IncomingMessage, response: HttpResponse): void {
  const body = Buffer.from(response.body, 'utf8');
  res.writeHead(response.status, {
    ...SAFE_HEADERS,
    'Content-Type': response.contentType ?? 'text/html; charset=utf-8',
    'Content-Length': String(body.length),
    ...response.headers,
  });
  res.end(req.method === 'HEAD' ? undefined : body);
}

