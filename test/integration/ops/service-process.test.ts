// The real service process (`tsx src/main.ts`) with every channel configured against the local fakes
// and every secret set to a value the test knows: its logs are JSON lines that never carry a secret
// or a message body, its operations endpoints answer over 127.0.0.1, and SIGTERM lets the delivery
// in flight finish and be recorded before the process exits 0, giving back the rows it had claimed and
// not started.
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createOutboxRepository } from '../../../src/adapters/db/outbox-repository.js';
import type { NewOutboxEntry } from '../../../src/app/reminder-ports.js';
import { startFakeSlack } from '../../fakes/fake-slack.js';
import { startFakeSmtp } from '../../fakes/fake-smtp.js';
import { startFakeTelegram } from '../../fakes/fake-telegram.js';
import { createTestDatabase } from '../../support/databases.js';
import { freePort } from '../../support/free-port.js';
import { opsAddress, startService } from '../../support/service-process.js';

const TELEGRAM_TOKEN = '7000042:AAopsTestTelegramSecretPart_9f8e7d6c5b';
const SLACK_BOT_TOKEN = 'xoxb-4242-4242-opsTestSlackBotTokenValue';
const SLACK_SIGNING_SECRET = 'opsTestSlackSigningSecret0123456789abcdef';
const UNSUBSCRIBE_SECRET = 'opsTestUnsubscribeSecret-0123456789-abcdef';
const SMTP_PASSWORD = 'opsTestSmtpPa55word';
const DB_PASSWORD = 'opsTestDbPassw0rd';
/** In every message the service sends: it must reach the fakes and never the logs. */
const BODY_MARKER = 'BODYMARKER-7d41c0';

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => undefined);
});

/** Forwards to the fake Bot API, holding every sendMessage until released: a delivery kept in flight. */
async function holdingProxy(target: string) {
  let release: () => void = () => undefined;
  const gate = new Promise<void>((resolve) => (release = resolve));
  let markHeld: () => void = () => undefined;
  const held = new Promise<void>((resolve) => (markHeld = resolve));
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      void (async () => {
        if (req.url?.endsWith('/sendMessage')) {
          markHeld();
          await gate;
        }
        try {
          const answer = await fetch(target + (req.url ?? '/'), { method: req.method ?? 'GET', headers: { 'content-type': req.headers['content-type'] ?? 'application/json' }, ...(chunks.length ? { body: Buffer.concat(chunks) } : {}) });
          res.writeHead(answer.status, { 'content-type': answer.headers.get('content-type') ?? 'application/json' }).end(Buffer.from(await answer.arrayBuffer()));
        } catch {
          res.destroy();
        }
      })();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    held,
    release,
    close: () => {
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function staffReport(n: number, channel: 'telegram' | 'email', address: string, notBefore: Date): NewOutboxEntry {
  const detail = { caseRef: `CN-2026-00${n}`, kind: 'pledge', step: 'due', channel: 'email', address: 'someone@example.cn', reason: `${BODY_MARKER} mailbox full` };
  return { key: `ops-${n}`, reminder: `ops-${n}`, purpose: 'staff-report', detail: JSON.stringify(detail), caseRef: detail.caseRef, kind: 'pledge', occurrence: '1', step: 'due', contactId: `contact-${n}`, channel, address, locale: 'en', status: 'pending', lastError: null, notBefore };
}

describe.each(['sqlite', 'postgres'] as const)('the service process on %s', (kind) => {
  it('logs JSON without secrets or bodies, answers /healthz /readyz /metrics, and on SIGTERM finishes the delivery in flight, gives back the rest and exits 0', async () => {
    const database = await createTestDatabase(kind);
    cleanups.push(() => database.drop());
    const telegram = await startFakeTelegram({ token: TELEGRAM_TOKEN });
    cleanups.push(() => telegram.close());
    const proxy = await holdingProxy(telegram.url);
    cleanups.push(() => proxy.close());
    const smtp = await startFakeSmtp({ auth: { username: 'certbell', password: SMTP_PASSWORD } });
    cleanups.push(() => smtp.stop());
    const slack = await startFakeSlack(SLACK_BOT_TOKEN);
    cleanups.push(() => slack.close());

    // One email, due first, then three chats: the first chat message is held at the proxy.
    const now = Date.now();
    await createOutboxRepository(database.db).enqueue(
      [staffReport(1, 'email', 'desk@certbody.example.cn', new Date(now - 120_000)), ...[2, 3, 4].map((n) => staffReport(n, 'telegram', String(900 + n), new Date(now - 60_000)))],
      new Date(now - 120_000),
    );

    const databaseUrl = kind === 'postgres' ? database.url.replace('postgresql://postgres@', `postgresql://postgres:${DB_PASSWORD}@`) : database.url;
    const service = startService({
      DATABASE_URL: databaseUrl,
      LOG_LEVEL: 'debug',
      CERTBELL_INSTANCE: 'ops-test',
      CERTBELL_OPS_PORT: '0',
      CERTBELL_SWEEP_AT: '00:00',
      CERTBELL_QUIET_HOURS: 'off',
      CERTBELL_DISPATCH_EVERY_SECONDS: '1',
      CERTBELL_HTTP_PORT: '0',
      CERTBELL_HTTP_HOST: '127.0.0.1',
      CERTBELL_PUBLIC_URL: 'https://certbell.example.cn',
      CERTBELL_UNSUBSCRIBE_SECRET: UNSUBSCRIBE_SECRET,
      TELEGRAM_BOT_TOKEN: TELEGRAM_TOKEN,
      TELEGRAM_API_ROOT: proxy.url,
      SMTP_URL: `smtp://certbell:${SMTP_PASSWORD}@127.0.0.1:${new URL(smtp.url).port}`,
      SLACK_BOT_TOKEN,
      SLACK_SIGNING_SECRET,
      SLACK_API_URL: slack.apiUrl,
      SLACK_STAFF_CHANNEL: 'C0OPSTEST',
      SLACK_HOST: '127.0.0.1',
      SLACK_PORT: String(await freePort()),
    });
    cleanups.push(() => service.kill());
    const { child, exited } = service;
    const address = await service.logged(opsAddress);
    const get = async (path: string) => {
      const response = await fetch(`http://${address}${path}`);
      return { status: response.status, type: response.headers.get('content-type') ?? '', body: await response.text() };
    };

    expect(await get('/healthz')).toMatchObject({ status: 200, body: 'ok\n' });
    expect(await get('/readyz')).toMatchObject({ status: 200, body: 'ready\n' });

    // The email went out and was recorded; the first chat message is now in flight.
    await proxy.held;
    const metrics = await get('/metrics');
    expect(metrics.status).toBe(200);
    expect(metrics.type).toContain('text/plain; version=0.0.4');
    expect(metrics.body).toMatch(/^certbell_deliveries_total\{channel="email",purpose="staff-report"\} 1$/m);
    expect(metrics.body).toMatch(/^certbell_delivery_latency_seconds_count\{channel="email",purpose="staff-report"\} 1$/m);
    expect(metrics.body).toMatch(/^certbell_outbox_messages\{status="sent",purpose="staff-report",channel="email"\} 1$/m);
    expect(metrics.body).toMatch(/^certbell_outbox_messages\{status="sending",purpose="staff-report",channel="telegram"\} 3$/m);
    expect(metrics.body).toMatch(/^certbell_sweeps_total\{outcome="done"\} 1$/m);
    expect(metrics.body).toMatch(/^process_resident_memory_bytes \d+/m);
    expect(metrics.body).not.toContain(BODY_MARKER);

    child.kill('SIGTERM');
    // Draining: still answering, but no longer ready.
    await expect.poll(async () => (await get('/readyz')).body, { timeout: 5_000 }).toBe('not ready: shutting down\n');
    expect(child.exitCode).toBeNull();
    proxy.release();
    expect(await exited).toBe(0);

    // Nothing was left half-done: the delivery in flight was recorded, and no new one started after
    // the signal: the two chat messages claimed and not started are pending again, lease cleared, no attempt counted.
    const rows = await database.db.prisma.outboxMessage.findMany({ orderBy: { key: 'asc' }, select: { key: true, status: true, attempts: true, claimedBy: true, claimedUntil: true } });
    expect(rows).toEqual([
      { key: 'ops-1', status: 'sent', attempts: 1, claimedBy: null, claimedUntil: null },
      { key: 'ops-2', status: 'sent', attempts: 1, claimedBy: null, claimedUntil: null },
      { key: 'ops-3', status: 'pending', attempts: 0, claimedBy: null, claimedUntil: null },
      { key: 'ops-4', status: 'pending', attempts: 0, claimedBy: null, claimedUntil: null },
    ]);
    expect(telegram.sent.map((m) => String(m.chatId)).sort()).toEqual(['902']);
    expect(telegram.sent.every((m) => m.text.includes(BODY_MARKER))).toBe(true);
    expect(smtp.received).toHaveLength(1);
    expect(smtp.received[0]?.user).toBe('certbell');
    expect(smtp.received[0]?.mail.text).toContain(BODY_MARKER);

    const lines = service.stdout().trim().split('\n');
    for (const line of lines) expect(() => JSON.parse(line) as unknown, line).not.toThrow();
    expect(lines.map((line) => (JSON.parse(line) as { msg: string }).msg)).toEqual(expect.arrayContaining(['certbell is stopping.', 'certbell stopped cleanly.']));
    const output = service.output();
    for (const secret of [TELEGRAM_TOKEN, TELEGRAM_TOKEN.split(':')[1]!, SLACK_BOT_TOKEN, SLACK_SIGNING_SECRET, UNSUBSCRIBE_SECRET, SMTP_PASSWORD, DB_PASSWORD, BODY_MARKER]) {
      expect(output, `"${secret}" appears in the logs`).not.toContain(secret);
    }
  }, 90_000);
});
