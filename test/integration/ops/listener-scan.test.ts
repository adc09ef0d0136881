// A scan of every listener of the real service process (`tsx src/main.ts`): the Slack receiver, the
// Telegram webhook, the public unsubscribe server and the operator's listener each get unknown
// paths and methods, 20 MB bodies (declared and chunked), request lines that are no URL, and
// malformed payloads, signed and unsigned. The process stays up, /healthz answers after every
// request, every answer is a plain 4xx, a signed payload nobody handles is answered at once, and
// no header or body reaches the log.
import { createHmac } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeSlack } from '../../fakes/fake-slack.js';
import { startFakeTelegram } from '../../fakes/fake-telegram.js';
import type { FakeSlack } from '../../fakes/fake-slack.js';
import type { FakeTelegram } from '../../fakes/fake-telegram.js';
import { createTestDatabase } from '../../support/databases.js';
import { freePort } from '../../support/free-port.js';
import { opsAddress, startService, type ServiceProcess } from '../../support/service-process.js';

const TELEGRAM_TOKEN = '7000043:AAscanTestTelegramSecretPart_1a2b3c4d5e';
const SLACK_BOT_TOKEN = 'xoxb-4343-4343-scanTestSlackBotTokenValue';
const SLACK_SIGNING_SECRET = 'scanTestSlackSigningSecret0123456789abcdef';
const WEBHOOK_SECRET = 'scanTestWebhookSecret_0123456789';
const UNSUBSCRIBE_SECRET = 'scanTestUnsubscribeSecret-0123456789-abcdef';
/** In every body the scan sends: it must never reach the logs. */
const BODY_MARKER = 'SCANBODY-5e2f91';
const TWENTY_MB = 20 * 1024 * 1024;

interface Probe {
  readonly method: string;
  readonly path: string;
  readonly headers?: Record<string, string>;
  readonly body?: string | { readonly chunkedBytes: number } | { readonly declaredBytes: number };
  /** The answer expected when it is not a 4xx. */
  readonly status?: number;
  /** Signed for Slack: past the signature check, so answered by certbell itself, at once. */
  readonly signed?: true;
}

/** One request; its status, or 'reset' when the server closed the connection on a body it refused. */
function send(port: number, probe: Probe): Promise<{ status: number | 'reset'; ms: number }> {
  const started = performance.now();
  return new Promise((resolve) => {
    const body = probe.body;
    const headers: Record<string, string> = { ...probe.headers };
    if (typeof body === 'string') headers['content-length'] = String(Buffer.byteLength(body));
    if (body && typeof body === 'object' && 'declaredBytes' in body) headers['content-length'] = String(body.declaredBytes);
    const req = httpRequest({ host: '127.0.0.1', port, method: probe.method, path: probe.path, headers }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0, ms: performance.now() - started }));
    });
    req.on('error', () => resolve({ status: 'reset', ms: performance.now() - started }));
    if (typeof body === 'string') req.end(body);
    else if (body) {
      const total = 'chunkedBytes' in body ? body.chunkedBytes : body.declaredBytes;
      const chunk = Buffer.alloc(64 * 1024, `${BODY_MARKER} `);
      let sent = 0;
      const pump = () => {
        while (sent < total) {
          sent += chunk.length;
          if (!req.write(chunk)) return void req.once('drain', pump);
        }
        req.end();
      };
      pump();
    } else req.end();
  });
}

function rawLine(port: number, line: string): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1', () => socket.end(`${line}\r\nHost: x\r\n\r\n`));
    let answer = '';
    socket.setEncoding('utf8').on('data', (chunk: string) => (answer += chunk));
    socket.on('close', () => resolve(answer.split('\r\n')[0] ?? '')).on('error', () => resolve('reset'));
  });
}

function slackSigned(body: string, contentType = 'application/x-www-form-urlencoded'): Record<string, string> {
  const timestamp = String(Math.floor(Date.now() / 1000));
  const signature = `v0=${createHmac('sha256', SLACK_SIGNING_SECRET).update(`v0:${timestamp}:${body}`).digest('hex')}`;
  return { 'content-type': contentType, 'x-slack-request-timestamp': timestamp, 'x-slack-signature': signature };
}

describe('a scan of every listener of the service process', () => {
  let service: ServiceProcess;
  let telegram: FakeTelegram;
  let slack: FakeSlack;
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  const ports = { slack: 0, webhook: 0, public: 0, ops: 0 };

  beforeAll(async () => {
    database = await createTestDatabase('sqlite');
    telegram = await startFakeTelegram({ token: TELEGRAM_TOKEN });
    slack = await startFakeSlack(SLACK_BOT_TOKEN);
    ports.slack = await freePort();
    ports.webhook = await freePort();
    ports.public = await freePort();
    service = startService({
      DATABASE_URL: database.url,
      LOG_LEVEL: 'debug',
      CERTBELL_OPS_PORT: '0',
      CERTBELL_HTTP_PORT: String(ports.public),
      CERTBELL_HTTP_HOST: '127.0.0.1',
      CERTBELL_PUBLIC_URL: 'https://certbell.example.cn',
      CERTBELL_UNSUBSCRIBE_SECRET: UNSUBSCRIBE_SECRET,
      TELEGRAM_BOT_TOKEN: TELEGRAM_TOKEN,
      TELEGRAM_API_ROOT: telegram.url,
      TELEGRAM_MODE: 'webhook',
      TELEGRAM_WEBHOOK_URL: 'https://certbell.example.cn/telegram/hook',
      TELEGRAM_WEBHOOK_SECRET: WEBHOOK_SECRET,
      TELEGRAM_WEBHOOK_HOST: '127.0.0.1',
      TELEGRAM_WEBHOOK_PORT: String(ports.webhook),
      SLACK_BOT_TOKEN,
      SLACK_SIGNING_SECRET,
      SLACK_API_URL: slack.apiUrl,
      SLACK_STAFF_CHANNEL: 'C0SCAN',
      SLACK_STAFF_USERS: 'U0STAFF',
      SLACK_HOST: '127.0.0.1',
      SLACK_PORT: String(ports.slack),
    });
    // The operator's listener starts last: by then the others listen too.
    const ops = await service.logged((stdout) => (/Telegram assistant/i.test(stdout) && /Slack/.test(stdout) ? opsAddress(stdout) : null));
    ports.ops = Number(ops.split(':')[1]);
  }, 60_000);

  afterAll(async () => {
    await service?.kill();
    await telegram?.close();
    await slack?.close();
    await database?.drop();
  });

  const healthy = async () => {
    const answer = await fetch(`http://127.0.0.1:${ports.ops}/healthz`);
    return answer.status;
  };

  const common: Probe[] = [
    { method: 'GET', path: '/' },
    { method: 'HEAD', path: '/' },
    { method: 'OPTIONS', path: '*' },
    { method: 'PROPFIND', path: '/x' },
    { method: 'GET', path: '/../../etc/passwd' },
    { method: 'GET', path: `/${'a'.repeat(8000)}` },
    { method: 'POST', path: '/unknown', headers: { 'content-type': 'application/json' }, body: `{"${BODY_MARKER}":1}` },
    { method: 'POST', path: '/', body: { declaredBytes: TWENTY_MB } },
    { method: 'PUT', path: '/x', body: { chunkedBytes: TWENTY_MB } },
  ];

  const listeners: Record<string, { port: () => number; probes: Probe[] }> = {
    slack: {
      port: () => ports.slack,
      probes: [
        { method: 'GET', path: '/slack/events' },
        { method: 'DELETE', path: '/slack/events' },
        { method: 'POST', path: '/slack/events', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: `payload=${BODY_MARKER}` },
        { method: 'POST', path: '/slack/events', body: { declaredBytes: TWENTY_MB } },
        { method: 'POST', path: '/slack/events', headers: { 'content-type': 'application/json' }, body: { chunkedBytes: TWENTY_MB } },
        // Signed, so past bolt's signature check, and still nothing certbell knows.
        { method: 'POST', path: '/slack/events', headers: slackSigned(`payload=%7Bnot%20json${BODY_MARKER}`), body: `payload=%7Bnot%20json${BODY_MARKER}`, signed: true },
        { method: 'POST', path: '/somewhere', headers: slackSigned(`command=%2Fcertbell&text=${BODY_MARKER}`), body: `command=%2Fcertbell&text=${BODY_MARKER}`, signed: true },
        { method: 'POST', path: '/slack/events', headers: slackSigned('{}', 'application/json'), body: '{}', signed: true },
        { method: 'POST', path: '/slack/events', headers: slackSigned(`command=%2Fother&text=${BODY_MARKER}&user_id=U0STAFF`), body: `command=%2Fother&text=${BODY_MARKER}&user_id=U0STAFF`, signed: true },
      ],
    },
    webhook: {
      port: () => ports.webhook,
      probes: [
        { method: 'GET', path: '/telegram/hook' },
        { method: 'POST', path: '/telegram/hook', headers: { 'content-type': 'application/json' }, body: `{"update_id":1,"message":"${BODY_MARKER}"}` },
        { method: 'POST', path: '/telegram/hook', headers: { 'x-telegram-bot-api-secret-token': WEBHOOK_SECRET }, body: `not json ${BODY_MARKER}` },
        { method: 'POST', path: '/telegram/hook', headers: { 'x-telegram-bot-api-secret-token': WEBHOOK_SECRET }, body: '[]' },
        { method: 'POST', path: '/telegram/hook', headers: { 'x-telegram-bot-api-secret-token': WEBHOOK_SECRET }, body: `{"update_id":"${BODY_MARKER}"}` },
        { method: 'POST', path: '/telegram/hook', headers: { 'x-telegram-bot-api-secret-token': WEBHOOK_SECRET }, body: { declaredBytes: TWENTY_MB } },
        { method: 'POST', path: '/telegram/hook', headers: { 'x-telegram-bot-api-secret-token': WEBHOOK_SECRET }, body: { chunkedBytes: TWENTY_MB } },
        // An update id and nothing Telegram would send with it: taken (200, so Telegram does not send it again) and ignored.
        { method: 'POST', path: '/telegram/hook', headers: { 'x-telegram-bot-api-secret-token': WEBHOOK_SECRET }, body: '{"update_id":91,"message":{"chat":null}}', status: 200 },
      ],
    },
    public: {
      port: () => ports.public,
      probes: [
        { method: 'DELETE', path: '/unsubscribe' },
        { method: 'POST', path: '/unsubscribe?c=x&t=y', body: { chunkedBytes: TWENTY_MB } },
      ],
    },
    ops: {
      port: () => ports.ops,
      probes: [
        { method: 'POST', path: '/healthz', body: `${BODY_MARKER}` },
        { method: 'GET', path: '/metrics?x=%ZZ', status: 200 },
      ],
    },
  };

  it.each(Object.keys(listeners))('%s: unknown paths, methods, 20 MB bodies and malformed payloads get plain 4xx answers, and /healthz answers after each', async (name) => {
    const listener = listeners[name]!;
    const answers: string[] = [];
    for (const probe of [...common, ...listener.probes]) {
      const { status, ms } = await send(listener.port(), probe);
      answers.push(`${probe.method} ${probe.path.slice(0, 30)} → ${status} in ${ms.toFixed(0)} ms`);
      // A refused body may end the connection before the client finishes sending it.
      if (probe.status) expect(status, answers.at(-1)).toBe(probe.status);
      else expect(status === 'reset' || (status >= 400 && status < 500), answers.at(-1)).toBe(true);
      // Nothing waits for bolt's 3-second "not acknowledged" timer.
      expect(ms, answers.at(-1)).toBeLessThan(probe.signed ? 1_000 : 2_900);
      expect(await healthy(), answers.at(-1)).toBe(200);
    }
    for (const line of ['GET http://[bad HTTP/1.1', 'GET /%%% HTTP/1.1', 'BREW / HTTP/1.1']) {
      expect(await rawLine(listener.port(), line), line).toMatch(/^HTTP\/1\.1 4\d\d |^reset$|^$/);
      expect(await healthy()).toBe(200);
    }
    expect(service.child.exitCode).toBeNull();
    process.stdout.write(`${name}: ${answers.length + 3} hostile requests, the process up and /healthz 200 after each\n  ${answers.join('\n  ')}\n`);
  }, 120_000);

  it('logged nothing of the requests: no body, no signature, no secret', () => {
    expect(service.child.exitCode).toBeNull();
    const output = service.output();
    for (const secret of [BODY_MARKER, SLACK_SIGNING_SECRET, WEBHOOK_SECRET, TELEGRAM_TOKEN, SLACK_BOT_TOKEN, UNSUBSCRIBE_SECRET, 'v0=']) {
      expect(output, `"${secret}" appears in the logs`).not.toContain(secret);
    }
    for (const line of service.stdout().trim().split('\n')) expect(() => JSON.parse(line) as unknown, line).not.toThrow();
  });
});
