// The webhook listener: only a POST to the webhook's path with the right secret header, a body of
// reasonable size and an update in it reaches telegraf. telegraf alone would read a body of any
// size into memory and answer other paths and methods 403; here they get 404 and 405, an oversized
// body 413, and an unreadable one 400, all behind the listener's one error boundary.
import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Update } from 'telegraf/types';
import { answerPlain, declaredTooLarge, pathOf, readBody } from '../http/listener-boundary.js';
import type { RequestHandler } from '../http/listener-boundary.js';

/** An update carries at most a 4,096-character message with its entities: well under this. */
export const MAX_UPDATE_BYTES = 256 * 1024;

type WebhookCallback = (request: IncomingMessage & { body?: Update }, response: ServerResponse) => Promise<void>;

function sameSecret(given: string | string[] | undefined, secret: string): boolean {
  if (typeof given !== 'string') return false;
  const a = Buffer.from(given);
  const b = Buffer.from(secret);
  return a.length === b.length && timingSafeEqual(a, b);
}

export function webhookHandler(options: { readonly path: string; readonly secret: string; readonly callback: WebhookCallback }): RequestHandler {
  return async (request, response) => {
    const path = pathOf(request);
    if (path === null) return answerPlain(response, 400, 'Bad request', { Connection: 'close' });
    if (path !== options.path) return answerPlain(response, 404, 'Not found');
    if (request.method !== 'POST') return answerPlain(response, 405, 'Method not allowed', { Allow: 'POST' });
    // Before the body is read: without the secret, nothing of it is worth reading.
    if (!sameSecret(request.headers['x-telegram-bot-api-secret-token'], options.secret)) return answerPlain(response, 403, 'Forbidden', { Connection: 'close' });
    if (declaredTooLarge(request, MAX_UPDATE_BYTES)) return answerPlain(response, 413, 'Request too large', { Connection: 'close' });
    const body = await readBody(request, MAX_UPDATE_BYTES);
    let update: unknown;
    try {
      update = JSON.parse(body.toString('utf8'));
    } catch {
      return answerPlain(response, 400, 'Bad request');
    }
    const id = (update as { update_id?: unknown } | null)?.update_id;
    if (typeof update !== 'object' || update === null || Array.isArray(update) || !Number.isSafeInteger(id)) return answerPlain(response, 400, 'Bad request');
    // telegraf takes an already parsed body as the update.
    await options.callback(Object.assign(request, { body: update as Update }), response);
  };
}
