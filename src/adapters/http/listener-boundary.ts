// The one error boundary of a listener certbell opens to the network (the Slack receiver, the
// Telegram webhook): whatever a request is or does, it gets a plain answer and never ends the
// process. Only the method and path are ever reported, never a header, the query or the body: a
// header carries a signature or a webhook secret, a body carries people's data.
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type RequestHandler = (request: IncomingMessage, response: ServerResponse) => void | Promise<void>;

export interface ListenerOptions {
  readonly host: string;
  /** 0 takes a free port (tests). */
  readonly port: number;
  /** Told about a handler that threw; the client gets a plain 500. */
  readonly onError: (where: string, error: unknown) => void;
}

export interface RunningListener {
  readonly port: number;
  close(): Promise<void>;
}

/** "POST /slack/events": what may be logged about a request. */
export function describeRequest(request: IncomingMessage): string {
  const path = (request.url ?? '/').split('?')[0] ?? '/';
  return `${request.method ?? '?'} ${path.slice(0, 200)}`;
}

/** The path of a request, or null when its target is no URL at all. */
export function pathOf(request: IncomingMessage): string | null {
  const target = request.url ?? '/';
  return URL.canParse(target, 'http://certbell.invalid') ? new URL(target, 'http://certbell.invalid').pathname : null;
}

/** A short plain-text answer; a connection whose body was not read is closed rather than drained. */
export function answerPlain(response: ServerResponse, status: number, text: string, headers: Readonly<Record<string, string>> = {}): void {
  if (response.headersSent) {
    response.destroy();
    return;
  }
  const body = Buffer.from(`${text}\n`, 'utf8');
  response.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'Content-Length': String(body.length), 'Cache-Control': 'no-store', ...headers }).end(body);
}

/** The declared body size is over the limit: answered 413 before a byte of it is read. */
export function declaredTooLarge(request: IncomingMessage, limit: number): boolean {
  const declared = Number(request.headers['content-length']);
  return Number.isFinite(declared) && declared > limit;
}

export class BodyTooLarge extends Error {}

/** The body, refusing it once it grows past the limit (a chunked body declares no length). */
export async function readBody(request: IncomingMessage, limit: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > limit) throw new BodyTooLarge();
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/** Wraps a handler so that neither a throw nor a rejection leaves it. */
export function withBoundary(handler: RequestHandler, onError: ListenerOptions['onError']): (request: IncomingMessage, response: ServerResponse) => void {
  return (request, response) => {
    const fail = (error: unknown) => {
      if (error instanceof BodyTooLarge) return answerPlain(response, 413, 'Request too large', { Connection: 'close' });
      onError(describeRequest(request), error);
      answerPlain(response, 500, 'Internal error', { Connection: 'close' });
    };
    try {
      const done = handler(request, response);
      if (done) done.catch(fail);
    } catch (error) {
      fail(error);
    }
  };
}

/** A server for one handler, behind the boundary, with limits on slow clients. */
export async function startListener(options: ListenerOptions, handler: RequestHandler): Promise<RunningListener> {
  const server: Server = createServer(withBoundary(handler, options.onError));
  // A slow client may not hold a connection open for ever.
  server.requestTimeout = 10_000;
  server.headersTimeout = 10_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      }),
  };
}
