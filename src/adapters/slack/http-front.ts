// What stands between the network and bolt's HTTP receiver. Bolt throws out of its request listener
// for any path or method it does not serve, with the request (signature header included) attached:
// called bare, one `GET /` ended the process and put the request into the crash log. Here only a
// POST to the events path reaches bolt; everything else gets a plain 404, 405 or 413, a request
// dated ahead of us 401, and nothing a client sends is logged beyond its method and path.
import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { HTTPReceiver } from '@slack/bolt';
import type { App, Logger as BoltLogger, ReceiverEvent } from '@slack/bolt';
import { answerPlain, declaredTooLarge, describeRequest, pathOf } from '../http/listener-boundary.js';
import type { RequestHandler } from '../http/listener-boundary.js';
import type { Logger } from '../../app/logger.js';

export const SLACK_EVENTS_PATH = '/slack/events';

/** Commands, clicks and modal submissions are a few kilobytes; a megabyte is generous. */
export const MAX_SLACK_BODY_BYTES = 1024 * 1024;

/** Bolt refuses requests older than 5 minutes; the same window applies to requests dated ahead of us. */
export const MAX_FUTURE_SKEW_MS = 5 * 60_000;

/** Put into each request's custom properties: the way to answer it when no listener did. */
interface Exchange {
  unanswered(): void;
}

export interface SlackHttpFront {
  readonly receiver: HTTPReceiver;
  readonly handle: RequestHandler;
}

export interface SlackHttpFrontOptions {
  readonly signingSecret: string;
  readonly logger: BoltLogger;
  readonly log: Logger;
  readonly messages: { readonly future: string; readonly failed: string; readonly unacknowledged: string };
  readonly wallClock: () => number;
}

const signatureKey = (headers: IncomingMessage['headers']) => {
  const signature = headers['x-slack-signature'];
  return typeof signature === 'string' ? createHash('sha256').update(signature).digest('hex') : undefined;
};

export function createSlackHttpFront(options: SlackHttpFrontOptions): SlackHttpFront {
  const exchanges = new WeakMap<IncomingMessage, Exchange>();
  const receiver = new HTTPReceiver({
    signingSecret: options.signingSecret,
    endpoints: SLACK_EVENTS_PATH,
    logger: options.logger,
    bodyLimit: MAX_SLACK_BODY_BYTES,
    // bolt hands back the same request object, now with its body read.
    customPropertiesExtractor: (request) => ({ certbellRequestKey: signatureKey(request.headers), certbellExchange: exchanges.get(request) }),
    processEventErrorHandler: async ({ error, request, response }) => {
      options.log.error({ request: describeRequest(request), err: { message: error.message, code: (error as { code?: string }).code } }, options.messages.failed);
      if (!response.headersSent) answerPlain(response, 500, 'Internal error');
      return false;
    },
    unhandledRequestHandler: ({ request, response }) => {
      if (response.headersSent) return;
      options.log.warn({ request: describeRequest(request) }, options.messages.unacknowledged);
      answerPlain(response, 404, 'Not found');
    },
  });

  const handle: RequestHandler = (request: IncomingMessage, response: ServerResponse) => {
    const path = pathOf(request);
    if (path === null) return answerPlain(response, 400, 'Bad request', { Connection: 'close' });
    if (path !== SLACK_EVENTS_PATH) return answerPlain(response, 404, 'Not found');
    if (request.method !== 'POST') return answerPlain(response, 405, 'Method not allowed', { Allow: 'POST' });
    if (declaredTooLarge(request, MAX_SLACK_BODY_BYTES)) return answerPlain(response, 413, 'Request too large', { Connection: 'close' });
    const timestamp = Number(request.headers['x-slack-request-timestamp']);
    if (Number.isFinite(timestamp) && timestamp * 1000 > options.wallClock() + MAX_FUTURE_SKEW_MS) {
      options.log.warn({ timestamp }, options.messages.future);
      return answerPlain(response, 401, 'Unauthorized');
    }
    exchanges.set(request, {
      unanswered: () => {
        if (!response.headersSent) answerPlain(response, 404, 'Not found');
      },
    });
    receiver.requestListener(request, response);
  };
  return { receiver, handle };
}

/**
 * A signed request that no listener acknowledged (a payload bolt cannot type, a command or action
 * certbell does not serve) is answered as soon as bolt is done with it, instead of after bolt's
 * 3-second "not acknowledged" timer.
 */
export function answerUnacknowledged(app: App): void {
  const processEvent = app.processEvent.bind(app);
  app.processEvent = async (event: ReceiverEvent) => {
    let acknowledged = false;
    await processEvent({
      ...event,
      ack: async (response) => {
        acknowledged = true;
        await event.ack(response);
      },
    });
    if (!acknowledged) (event.customProperties?.certbellExchange as Exchange | undefined)?.unanswered();
  };
}
