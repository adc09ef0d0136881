// Signing in to the web console by a one-time link over real HTTP and SMTP: the link works once and
// for 15 minutes, is stored only as a hash, is sent only to staff (unknown addresses see the same
// page) and at most five times a quarter hour; sessions end on sign-out, idle time and removal.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { removeStaff } from '../../../src/app/console/manage-staff.js';
import { createStaffDirectory } from '../../../src/adapters/db/staff-repository.js';
import { createWebWorld, csrfOf, linkMailedTo, signIn, type WebWorld } from '../../support/web-world.js';

// Each test starts a database, a mail server and the console: on a busy machine that takes a while.
vi.setConfig({ testTimeout: 120_000, hookTimeout: 120_000 });

const START = '2026-11-23T01:00:00Z';
const STAFF = 'wang.fang@certbody.example.cn';

describe.each(['sqlite', 'postgres'] as const)('web console sign-in on %s', (kind) => {
  let world: WebWorld;
  afterEach(async () => world?.close());

  it('signs staff in through the mailed link, once; the Today page then shows, with strict headers', async () => {
    world = await createWebWorld(kind, START);
    await world.addStaff(STAFF);
    await world.importFixture();
    const client = world.client();
    expect((await client.get('/')).headers.get('location')).toBe('/sign-in');

    const form = await client.get('/sign-in');
    expect(form.status).toBe(200);
    expect(form.headers.get('content-security-policy')).toBe("default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'");
    expect(form.headers.get('set-cookie')).toMatch(/certbell_visitor=[^;]+; Path=\/; HttpOnly; Secure; SameSite=Strict/);
    const sent = await client.post('/sign-in', { email: ` ${STAFF.toUpperCase()} `, _csrf: csrfOf(form.text) });
    expect(sent.status).toBe(200);
    const link = await linkMailedTo(world.smtp, STAFF);
    expect(link).toMatch(new RegExp(`^${world.origin}/sign-in/verify\\?token=[A-Za-z0-9_-]{43}$`));
    const token = new URL(link).searchParams.get('token') ?? '';
    // Stored as its hash only.
    const stored = await world.runtime.db.prisma.signInToken.findMany();
    expect(stored).toHaveLength(1);
    expect(JSON.stringify(stored)).not.toContain(token);

    // Opening the link asks for a click: a mail scanner that follows it spends nothing.
    const confirm = await client.get(`/sign-in/verify?token=${token}`);
    expect(confirm.text).toContain('name="token"');
    expect(await world.runtime.db.prisma.signInToken.count({ where: { usedAt: null } })).toBe(1);
    const done = await client.post('/sign-in/verify', { token, _csrf: csrfOf(confirm.text) });
    expect(done.status).toBe(303);
    expect(done.headers.get('set-cookie')).toMatch(/certbell_session=[A-Za-z0-9_-]{43}; Max-Age=43200; Path=\/; HttpOnly; Secure; SameSite=Strict/);
    const sessions = await world.runtime.db.prisma.webSession.findMany();
    expect(JSON.stringify(sessions)).not.toContain(client.cookies.get('certbell_session'));

    const today = await client.get('/');
    expect(today.status).toBe(200);
    expect(today.text).toContain('Today, 2026-11-23');
    expect(today.text).toContain(STAFF);
    expect(today.text).toContain('<svg class="chart"');
    expect(today.text).not.toMatch(/<script|style="/);
    expect(await world.runtime.db.prisma.auditEntry.count({ where: { actor: `web:${STAFF}`, action: 'web.sign-in' } })).toBe(1);

    // The same link a second time, in another browser: refused.
    const other = world.client();
    const again = await other.get(`/sign-in/verify?token=${token}`);
    const reused = await other.post('/sign-in/verify', { token, _csrf: csrfOf(again.text) });
    expect(reused.status).toBe(400);
    expect(reused.text).toContain('not valid any more');
    expect(other.cookies.has('certbell_session')).toBe(false);
  });

  it('answers an unknown address exactly as a staff one, and mails nothing', async () => {
    world = await createWebWorld(kind, START);
    await world.addStaff(STAFF);
    const client = world.client();
    const form = await client.get('/sign-in');
    const unknown = await client.post('/sign-in', { email: 'intruder@example.com', _csrf: csrfOf(form.text) });
    const known = await client.post('/sign-in', { email: STAFF, _csrf: csrfOf(form.text) });
    expect(unknown.status).toBe(known.status);
    expect(unknown.text).toBe(known.text);
    await linkMailedTo(world.smtp, STAFF);
    expect(world.smtp.received.map((m) => m.envelope.to).flat()).toEqual([STAFF]);
  });

  it('lets a link expire after 15 minutes and sends an address at most five links a quarter hour', async () => {
    world = await createWebWorld(kind, START);
    await world.addStaff(STAFF);
    const client = world.client();
    const form = await client.get('/sign-in');
    await client.post('/sign-in', { email: STAFF, _csrf: csrfOf(form.text) });
    const token = new URL(await linkMailedTo(world.smtp, STAFF)).searchParams.get('token') ?? '';
    world.advance(15 * 60_000 + 1);
    const late = await client.get(`/sign-in/verify?token=${token}`);
    expect((await client.post('/sign-in/verify', { token, _csrf: csrfOf(late.text) })).status).toBe(400);

    for (let i = 0; i < 6; i++) {
      await client.post('/sign-in', { email: STAFF, _csrf: csrfOf(form.text) });
      // Each request is answered before its mail goes; wait for its outcome before the next.
      await vi.waitFor(() => expect(world.logs.filter((l) => 'outcome' in l.data)).toHaveLength(i + 2), { timeout: 5_000 });
    }
    // The first link plus five more in the new quarter hour; the sixth was held back.
    expect(world.smtp.received).toHaveLength(6);
    expect(world.logs.some((l) => JSON.stringify(l.data).includes('rate-limited'))).toBe(true);
  });

  it('ends a session on sign-out, after idle time, and when the member is removed', async () => {
    world = await createWebWorld(kind, START);
    await world.addStaff(STAFF);
    const a = await signIn(world, STAFF);
    expect((await a.get('/')).status).toBe(200);
    const out = await a.post('/sign-out', { _csrf: csrfOf((await a.get('/')).text) });
    expect(out.status).toBe(303);
    expect((await a.get('/')).status).toBe(303);

    const b = await signIn(world, STAFF);
    world.advance(29 * 60_000);
    expect((await b.get('/')).status).toBe(200);
    world.advance(29 * 60_000);
    // Used 29 minutes ago: still live. Then 31 idle minutes: gone.
    expect((await b.get('/')).status).toBe(200);
    world.advance(31 * 60_000);
    expect((await b.get('/')).headers.get('location')).toBe('/sign-in');

    const c = await signIn(world, STAFF);
    await removeStaff({ staff: createStaffDirectory(world.runtime.db), clock: { now: world.now } }, { email: STAFF, actor: 'cli:test' });
    expect((await c.get('/')).status).toBe(303);
  });
});
