// Every route of the console, asked without a session, with a forged, an expired or an ended
// session, without the CSRF token, with another session's token and from another origin: nothing is
// shown and nothing is changed. The list of routes comes from the server itself, so a new route is scanned too.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createWebWorld, csrfOf, signIn, type WebClient, type WebWorld } from '../../support/web-world.js';

// Each test starts a database, a mail server and the console: on a busy machine that takes a while.
vi.setConfig({ testTimeout: 120_000, hookTimeout: 120_000 });

const STAFF = 'wang.fang@certbody.example.cn';
const OTHER = 'li.na@certbody.example.cn';
/** Values for the routes' parameters: a real case, a real escalation id is not needed to be refused. */
const SAMPLE: Readonly<Record<string, string>> = { ref: 'CN-2026-0002', id: '00000000-0000-4000-8000-000000000000', token: 'x'.repeat(43) };
/** Served to anyone, by design: the sign-in pages, the stylesheet and icon, and secret-URL calendar feeds. */
const PUBLIC = /^\/(sign-in(\/verify)?|assets\/(console\.css|favicon\.svg)|feeds\/:token)$/;

/** What a change would leave behind: every table's row count and the latest audit entry. */
async function fingerprint(world: WebWorld): Promise<string> {
  const p = world.runtime.db.prisma;
  const counts = await Promise.all([p.case.count(), p.caseEvent.count(), p.auditEntry.count(), p.escalation.count(), p.outboxMessage.count(), p.invitation.count(), p.staffMember.count(), p.calendarFeed.count(), p.webSession.count({ where: { endedAt: null } })]);
  const staff = await p.staffMember.findMany({ orderBy: { email: 'asc' } });
  return JSON.stringify({ counts, staff });
}

describe.each(['sqlite', 'postgres'] as const)('route scan on %s', (kind) => {
  let world: WebWorld;
  let staff: WebClient;
  let csrf: string;
  beforeAll(async () => {
    world = await createWebWorld(kind, '2026-11-23T01:00:00Z');
    await world.addStaff(STAFF);
    await world.addStaff(OTHER);
    await world.importFixture();
    staff = await signIn(world, STAFF);
    csrf = csrfOf((await staff.get('/')).text);
  });
  afterAll(async () => world?.close());

  const pathOf = (url: string) => url.replace(/:([A-Za-z]+)/g, (_m, name: string) => encodeURIComponent(SAMPLE[name] ?? 'x'));
  const guarded = () => world.routes.filter((r) => r.method !== 'HEAD' && !PUBLIC.test(r.url));

  async function expectRefused(label: string, ask: (method: string, path: string) => Promise<{ status: number; text: string; headers: Headers }>): Promise<void> {
    const before = await fingerprint(world);
    for (const route of guarded()) {
      const page = await ask(route.method, pathOf(route.url));
      const where = `${label}: ${route.method} ${route.url}`;
      if (route.method === 'GET') {
        expect(page.status, where).toBe(303);
        expect(page.headers.get('location'), where).toBe('/sign-in');
      } else {
        expect(page.status, where).toBe(403);
      }
      expect(page.text, where).not.toContain('CN-2026-0002');
      expect(page.text, where).not.toContain(STAFF);
    }
    expect(await fingerprint(world), label).toBe(before);
  }

  it('serves every page to the signed-in member', async () => {
    expect(guarded().length).toBeGreaterThanOrEqual(3);
    for (const route of guarded().filter((r) => r.method === 'GET')) expect((await staff.get(pathOf(route.url))).status, route.url).toBeLessThan(500);
    // The case page and its actions are scanned with a real case's ref.
    expect(guarded().filter((r) => r.url.startsWith('/cases/:ref')).map((r) => `${r.method} ${r.url}`)).toEqual(
      expect.arrayContaining(['GET /cases/:ref', 'POST /cases/:ref/events', 'POST /cases/:ref/invitations', 'POST /cases/:ref/escalations/:id/acknowledge', 'POST /cases/:ref/escalations/:id/snooze', 'POST /cases/:ref/deliveries/:id/retry']),
    );
    expect((await staff.get(pathOf('/cases/:ref'))).text).toContain(`<h1>Case ${SAMPLE.ref}</h1>`);
  });

  it('refuses every route without a session, and with a forged one', async () => {
    const anonymous = world.client();
    await expectRefused('no session', (method, path) => (method === 'GET' ? anonymous.get(path) : anonymous.post(path, { _csrf: csrf, locale: 'en' })));
    const forged = world.client();
    forged.cookies.set('certbell_session', staff.cookies.get('certbell_session')!.replace(/^./, (c) => (c === 'A' ? 'B' : 'A')));
    await expectRefused('forged session', (method, path) => (method === 'GET' ? forged.get(path) : forged.post(path, { _csrf: csrf, locale: 'en' })));
  });

  it('refuses every POST without the CSRF token, with another session\'s token, or from another origin', async () => {
    const other = await signIn(world, OTHER);
    const otherCsrf = csrfOf((await other.get('/')).text);
    const before = await fingerprint(world);
    for (const route of guarded().filter((r) => r.method === 'POST')) {
      const path = pathOf(route.url);
      for (const [label, form, headers] of [
        ['no token', { locale: 'en' }, {}],
        ["another session's token", { _csrf: otherCsrf, locale: 'en' }, {}],
        ['another origin', { _csrf: csrf, locale: 'en' }, { origin: 'https://evil.example' }],
        ['no origin, cross-site fetch', { _csrf: csrf, locale: 'en' }, { origin: '', 'sec-fetch-site': 'cross-site' }],
      ] as const) {
        const page = await staff.post(path, form, headers);
        expect(page.status, `${label}: ${route.url}`).toBe(403);
      }
    }
    expect(await fingerprint(world)).toBe(before);
    // The session itself is still good.
    expect((await staff.get('/')).status).toBe(200);
  });

  it('refuses every route once the session has expired', async () => {
    const later = await signIn(world, OTHER);
    world.advance(13 * 3_600_000);
    await expectRefused('expired session', (method, path) => (method === 'GET' ? later.get(path) : later.post(path, { _csrf: csrf, locale: 'en' })));
  });

  it('answers an unknown path 404, a wrong method 405 and an oversized form 413, and keeps serving', async () => {
    const client = world.client();
    expect((await client.get('/no-such-page')).status).toBe(404);
    const wrong = await fetch(`${world.origin}/sign-out`);
    expect(wrong.status).toBe(405);
    expect(wrong.headers.get('allow')).toBe('POST');
    const big = await client.post('/sign-in', { email: 'a'.repeat(200_000) });
    expect(big.status).toBe(413);
    expect((await client.get('/sign-in')).status).toBe(200);
    expect(world.logs.filter((l) => l.level === 'error')).toEqual([]);
  });
});
