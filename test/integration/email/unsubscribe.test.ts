// The unsubscribe link of a real digest, over HTTP: GET asks, POST (RFC 8058 one-click) unsubscribes,
// and a forged link learns nothing.
import { randomUUID } from 'node:crypto';
import { connect } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { startHttpServer, type RunningHttpServer } from '../../../src/adapters/http/http-server.js';
import { unsubscribeRoutes } from '../../../src/adapters/http/unsubscribe-routes.js';
import { dispatchOutbox } from '../../../src/app/dispatch-outbox.js';
import { enqueueContactDigests } from '../../../src/app/send-digests.js';
import { createDigestWorld, nine, smtpForEachTest, type DigestWorld } from '../../support/digest-world.js';

describe.each(['sqlite', 'postgres'] as const)('unsubscribing from digests on %s', (kind) => {
  let world: DigestWorld;
  let http: RunningHttpServer;
  const errors: unknown[] = [];
  const smtp = smtpForEachTest(async () => {
    await http?.close();
    await world?.close();
  });
  afterEach(() => expect(errors).toEqual([]));

  /** A world whose links point at a server on a free port; the link is the one of the email zhang received. */
  async function start(prefix = ''): Promise<string> {
    // The public address is only known once the server listens: a first server finds a free port.
    http = await startHttpServer({ host: '127.0.0.1', port: 0, routes: [], onError: (_r, e) => errors.push(e) });
    const port = http.port;
    await http.close();
    world = await createDigestWorld(kind, nine('2026-11-23'), { smtpUrl: smtp.url, publicUrl: `http://127.0.0.1:${port}${prefix}` });
    http = await startHttpServer({ host: '127.0.0.1', port, routes: unsubscribeRoutes({ digests: world.digests.digests, clock: world.deps.clock, links: world.links }), onError: (_r, e) => errors.push(e) });
    await world.importDigestCases();
    await enqueueContactDigests(world.digests, { asOf: '2026-11-23', period: '2026-W48' });
    await dispatchOutbox(world.dispatch, 'a');
    const mail = smtp.received.find((m) => m.envelope.to[0] === 'zhang.wei@example.cn')?.mail;
    const line = mail?.headerLines.find((h) => h.key === 'list-unsubscribe')?.line.replace(/\r?\n[ \t]+/g, '') ?? '';
    return /<([^>]+)>/.exec(line)?.[1] ?? '';
  }

  const post = (url: string) => fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: 'List-Unsubscribe=One-Click' });

  it("asks on GET in the contact's language and changes nothing; the one-click POST unsubscribes, and next week's digest skips the contact", async () => {
    const link = await start();
    expect(link).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/unsubscribe\?c=[0-9a-f-]{36}&t=[A-Za-z0-9_-]{43}$/);
    const page = await fetch(link);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("default-src 'none'");
    const html = await page.text();
    expect(html).toContain('<html lang="zh-CN">');
    expect(html).toContain('停止向 zhang.wei@example.cn 发送待办事项汇总邮件？');
    expect(html).toContain('<form method="post" action="/unsubscribe?c=');
    expect((await world.contactRow('zhang.wei@example.cn')).digestUnsubscribedAt).toBeNull();

    world.advance(60_000);
    const done = await post(link);
    expect(done.status).toBe(200);
    expect(await done.text()).toContain('已退订：zhang.wei@example.cn 将不再收到汇总邮件。');
    expect((await world.contactRow('zhang.wei@example.cn')).digestUnsubscribedAt?.toISOString()).toBe('2026-11-23T01:01:00.000Z');
    // A second click keeps the first date and says the same.
    world.advance(60_000);
    expect((await post(link)).status).toBe(200);
    expect((await world.contactRow('zhang.wei@example.cn')).digestUnsubscribedAt?.toISOString()).toBe('2026-11-23T01:01:00.000Z');
    // The GET page now says it is done.
    expect(await (await fetch(link)).text()).toContain('已退订');

    world.setNow(nine('2026-11-30'));
    const next = await enqueueContactDigests(world.digests, { asOf: '2026-11-30', period: '2026-W49' });
    expect(next.entries.map((e) => e.address)).toEqual(['li.na@example.com']);
    expect(next.skipped.map((s) => [s.email, s.reason])).toEqual([['zhang.wei@example.cn', 'unsubscribed']]);
  });

  it('undoes it: the confirmation offers to resubscribe, its POST restores the digests, and a forged one changes nothing', async () => {
    const link = await start();
    world.advance(60_000);
    const done = await (await post(link)).text();
    const resubscribe = new URL(link);
    resubscribe.pathname = '/unsubscribe/resubscribe';
    expect(done).toContain(`<form method="post" action="/unsubscribe/resubscribe?c=`);
    expect(done).toContain('重新订阅汇总邮件');
    // Forged: the neutral page, and the contact stays unsubscribed.
    const forged = new URL(resubscribe);
    forged.searchParams.set('t', 'A'.repeat(43));
    expect((await fetch(forged, { method: 'POST' })).status).toBe(404);
    expect((await world.contactRow('zhang.wei@example.cn')).digestUnsubscribedAt).not.toBeNull();

    const again = await fetch(resubscribe, { method: 'POST' });
    expect(again.status).toBe(200);
    const page = await again.text();
    expect(page).toContain('完成：zhang.wei@example.cn 将重新收到汇总邮件。');
    // And the way out is offered again.
    expect(page).toContain('<form method="post" action="/unsubscribe?c=');
    expect((await world.contactRow('zhang.wei@example.cn')).digestUnsubscribedAt).toBeNull();
    world.setNow(nine('2026-11-30'));
    const next = await enqueueContactDigests(world.digests, { asOf: '2026-11-30', period: '2026-W49' });
    expect(next.entries.map((e) => e.address).sort()).toEqual(['li.na@example.com', 'zhang.wei@example.cn']);
  });

  it('answers a forged, altered or foreign link with the same neutral page, and changes nothing', async () => {
    const link = new URL(await start());
    const c = link.searchParams.get('c') as string;
    const t = link.searchParams.get('t') as string;
    const li = (await world.contactRow('li.na@example.com')).id;
    const forged = [
      `${link.origin}/unsubscribe?c=${li}&t=${t}`,
      `${link.origin}/unsubscribe?c=${c}&t=${t[0] === 'A' ? 'B' : 'A'}${t.slice(1)}`,
      `${link.origin}/unsubscribe?c=${c}`,
      `${link.origin}/unsubscribe`,
      // Signed with the real secret, for a contact that does not exist.
      world.links.url(randomUUID()),
    ];
    const answers = await Promise.all(forged.flatMap((url) => [fetch(url), post(url)]).map(async (r) => [(await r).status, await (await r).text()] as const));
    expect(new Set(answers.map(([status]) => status))).toEqual(new Set([404]));
    // One body for all: it names no contact and says nothing about which part was wrong.
    expect(new Set(answers.map(([, body]) => body)).size).toBe(1);
    expect(answers[0]?.[1]).toContain('此链接无效。');
    expect(answers[0]?.[1]).toContain('This link is not valid.');
    expect(answers[0]?.[1]).not.toMatch(/example\.c/);
    const contacts = await world.database.db.prisma.contact.findMany({ where: { digestUnsubscribedAt: { not: null } } });
    expect(contacts).toEqual([]);
  });

  it('serves the link under the path of CERTBELL_PUBLIC_URL, as a proxy at /certbell/ passes it on', async () => {
    const link = await start('/certbell');
    expect(link).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/certbell\/unsubscribe\?c=/);
    const page = await fetch(link);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<form method="post" action="/certbell/unsubscribe?c=');
    expect((await post(link)).status).toBe(200);
    expect((await world.contactRow('zhang.wei@example.cn')).digestUnsubscribedAt).not.toBeNull();
    expect((await fetch(`${new URL(link).origin}/unsubscribe${new URL(link).search}`)).status).toBe(404);
  });

  it('has no other paths or methods', async () => {
    const link = new URL(await start());
    expect((await fetch(`${link.origin}/unsubscribe${link.search}`, { method: 'PUT' })).status).toBe(405);
    expect((await fetch(`${link.origin}/unsubscribe${link.search}`, { method: 'PUT' })).headers.get('allow')).toBe('GET, HEAD, POST');
    expect((await fetch(`${link.origin}/admin`)).status).toBe(404);
    expect((await fetch(link, { method: 'POST', body: 'x'.repeat(20_000) })).status).toBe(413);
    // A request line Node's parser accepts but that is no URL: answered 400, the server still up.
    const raw = await new Promise<string>((resolve, reject) => {
      const socket = connect(Number(link.port), '127.0.0.1', () => socket.end('GET http://[bad HTTP/1.1\r\nHost: x\r\n\r\n'));
      let answer = '';
      socket.setEncoding('utf8').on('data', (chunk: string) => (answer += chunk));
      socket.on('close', () => resolve(answer)).on('error', reject);
    });
    expect(raw).toMatch(/^HTTP\/1\.1 400 /);
    expect((await fetch(link)).status).toBe(200);
  });
});
