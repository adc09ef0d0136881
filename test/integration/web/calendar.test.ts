// The calendar page and calendar feeds over HTTP on both databases: a month's counts per day and
// kind agree with the register and lead to exactly the cases behind them, filters and months carry
// through the links, holidays are shaded; feeds are served by secret address only (its hash stored),
// parse as iCalendar with one stable event per deadline, end when revoked, and a contact's feed
// holds their cases only and is linked from their digest.
import { createHash } from 'node:crypto';
import ICAL from 'ical.js';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { addDays, addMonths, weekdayOf } from '../../../src/domain/calendar/calendar-date.js';
import { closeConsole, signedInConsole, csrfOf, signIn, type WebClient, type WebWorld } from '../../support/web-world.js';

vi.setConfig({ testTimeout: 120_000, hookTimeout: 180_000 });

const STAFF = 'wang.fang@certbody.example.cn';
const OTHER = 'li.na@certbody.example.cn';
const ZH_STAFF = 'zhao.min@certbody.example.cn';
const TODAY = '2026-11-23';

const decode = (text: string) => text.replace(/&amp;/g, '&');
/** Every count link of the calendar: its day, kind, count and the list it leads to. */
function countLinks(page: string): { href: string; count: number }[] {
  return [...page.matchAll(/<a href="(\/cases\?[^"]+)">[^<:]+: (\d+)<\/a>/g)].map((m) => ({ href: decode(m[1]!), count: Number(m[2]) }));
}
const refsOn = (text: string) => [...text.matchAll(/<a href="\/cases\/([^"?]+)">/g)].map((m) => decodeURIComponent(m[1]!));
const feedUrlOn = (text: string) => /<code class="secret">(http:\/\/[^<]+\.ics)<\/code>/.exec(text)?.[1] ?? null;

function eventsOf(ics: string) {
  return new ICAL.Component(ICAL.parse(ics)).getAllSubcomponents('vevent').map((v) => ({
    uid: String(v.getFirstPropertyValue('uid')),
    summary: String(v.getFirstPropertyValue('summary')),
    description: String(v.getFirstPropertyValue('description')),
    url: v.getFirstPropertyValue('url') as string | null,
    start: v.getFirstPropertyValue('dtstart') as ICAL.Time,
  }));
}

describe.each(['sqlite', 'postgres'] as const)('the calendar and its feeds on %s', (kind) => {
  let world: WebWorld;
  let client: WebClient;
  beforeAll(async () => {
    ({ world, client } = await signedInConsole(kind, [STAFF, OTHER, [ZH_STAFF, 'zh-CN']], { CERTBELL_UNSUBSCRIBE_SECRET: 's'.repeat(40) }));
  });
  afterAll(() => closeConsole(world));

  const get = async (path: string, as = client) => {
    const page = await as.get(path);
    expect(page.status, path).toBe(200);
    return page.text;
  };

  it('counts a month of deadlines per day and kind as the register does, each count leading to exactly those cases', async () => {
    const page = await get('/calendar?month=2026-11');
    const links = countLinks(page);
    const expected = await world.runtime.stores.console.dueCounts(TODAY, '2026-11-01', '2026-11-30');
    expect(links.reduce((n, l) => n + l.count, 0)).toBe(expected.reduce((n, c) => n + c.count, 0));
    expect(links.length).toBe(expected.length);
    // CN-2026-0003's pledge falls due on 2026-11-26.
    expect(links.map((l) => l.href)).toContain('/cases?kind=pledge&dueFrom=2026-11-26&dueTo=2026-11-26');
    for (const link of links) expect(refsOn(await get(link.href)), link.href).toHaveLength(link.count);
    expect(refsOn(await get('/cases?kind=pledge&dueFrom=2026-11-26&dueTo=2026-11-26'))).toEqual(['CN-2026-0003']);
    // Today is marked, and the neighbouring months are a link away.
    expect(page).toMatch(/<li class="day[^"]*today[^"]*" aria-current="date">\s*<span class="date"><time datetime="2026-11-23">/);
    expect(page).toContain('href="/calendar?month=2026-10"');
    expect(page).toContain('href="/calendar?month=2026-12"');
  });

  it('keeps the filters in every link, and shows this month when none or a bad one is asked for', async () => {
    const page = await get('/calendar?scheme=wal&month=2026-12');
    expect(page).toContain('href="/calendar?scheme=wal&amp;month=2026-11"');
    for (const link of countLinks(page)) {
      expect(link.href).toContain('scheme=wal');
      expect(refsOn(await get(link.href)).every((r) => r.startsWith('WA-'))).toBe(true);
    }
    const all = countLinks(await get('/calendar?month=2026-12')).reduce((n, l) => n + l.count, 0);
    const wal = countLinks(page).reduce((n, l) => n + l.count, 0);
    const cnce = countLinks(await get('/calendar?scheme=cnce-ns&month=2026-12')).reduce((n, l) => n + l.count, 0);
    expect(wal + cnce).toBe(all);
    const odd = await get('/calendar?month=2026-13');
    expect(odd).toContain('Deadlines, 2026-11');
    expect(odd).toContain('Left out because their value was not understood: month.');
  });

  it('shades weekends and public holidays and marks worked weekend days, in both languages', async () => {
    const cal = world.runtime.deps.calendar;
    const days = Array.from({ length: 31 }, (_, i) => addDays('2026-10-01', i));
    const holiday = days.find((d) => weekdayOf(d) < 6 && !cal.isWorkingDay(d).working);
    const worked = days.concat(Array.from({ length: 30 }, (_, i) => addDays('2026-09-01', i))).find((d) => weekdayOf(d) >= 6 && cal.isWorkingDay(d).working);
    expect(holiday).toBeDefined();
    const page = await get(`/calendar?month=2026-10`);
    expect(page).toMatch(new RegExp(`<li class="day[^"]* off[^"]*"[^>]*>\\s*<span class="date"><time datetime="${holiday}">[^]*?<span class="tag">holiday</span>`));
    if (worked) {
      const month = worked.slice(0, 7);
      expect(await get(`/calendar?month=${month}`)).toMatch(new RegExp(`<li class="day[^"]* workday[^"]*"[^>]*>\\s*<span class="date"><time datetime="${worked}">[^]*?<span class="tag">working day</span>`));
    }
    const zh = await signIn(world, ZH_STAFF);
    const zhPage = await get('/calendar?month=2026-10', zh);
    expect(zhPage).toContain('截止日历：2026-10');
    expect(zhPage).toContain('节假日');
  });

  it('makes a feed of every deadline whose address is shown once and stored only as a hash', async () => {
    const page = await get('/calendar?month=2026-11');
    const made = await client.post('/calendar/feeds', { _csrf: csrfOf(page), scope: 'all', view: 'month=2026-11' });
    expect(made.status).toBe(200);
    const url = feedUrlOn(made.text);
    expect(url).toMatch(new RegExp(`^${world.origin}/feeds/[A-Za-z0-9_-]{43}\\.ics$`));
    const token = url!.slice(`${world.origin}/feeds/`.length, -'.ics'.length);
    const rows = await world.runtime.db.prisma.calendarFeed.findMany({ where: { owner: STAFF } });
    expect(rows).toHaveLength(1);
    expect(rows[0]!.tokenHash).toBe(createHash('sha256').update(token).digest('hex'));
    expect(JSON.stringify(rows)).not.toContain(token);
    // Shown once: the page has the feed in its list, not its address.
    const again = await get('/calendar');
    expect(again).not.toContain(token);
    expect(again).toContain('All deadlines');
    const audit = await world.runtime.db.prisma.auditEntry.findMany({ where: { action: 'feed.create', subject: rows[0]!.id } });
    expect(audit.map((a) => a.actor)).toEqual([`web:${STAFF}`]);

    // Anyone with the address, no session: one all-day event per open deadline from 30 days ago to 18 months ahead.
    const anonymous = world.client();
    const feed = await anonymous.get(url!.slice(world.origin.length));
    expect(feed.status).toBe(200);
    expect(feed.headers.get('content-type')).toContain('text/calendar');
    const events = eventsOf(feed.text);
    const expected = await world.runtime.stores.console.dueCounts(TODAY, addDays(TODAY, -30), addMonths(TODAY, 18));
    expect(events.length).toBe(expected.reduce((n, c) => n + c.count, 0));
    expect(events.length).toBeGreaterThan(3);
    expect(new Set(events.map((e) => e.uid)).size).toBe(events.length);
    const pledge = events.find((e) => e.summary.startsWith('Pledge') || e.summary.includes('CN-2026-0003'));
    expect(pledge).toBeDefined();
    const fromPledge = events.filter((e) => e.summary.includes('CN-2026-0003 江苏恒信安全服务有限公司'));
    expect(fromPledge.length).toBeGreaterThan(0);
    expect(fromPledge.every((e) => e.start.isDate)).toBe(true);
    expect(fromPledge.map((e) => e.start.toString())).toContain('2026-11-26');
    expect(fromPledge.every((e) => e.url === `${world.origin}/cases/CN-2026-0003`)).toBe(true);
    expect(fromPledge[0]!.description).toMatch(/^Rules: CN-/);
    // The same deadlines keep their UIDs from one poll to the next.
    world.advance(3_600_000);
    expect(eventsOf((await anonymous.get(url!.slice(world.origin.length))).text).map((e) => e.uid)).toEqual(events.map((e) => e.uid));
    // The hour idled the session out.
    client = await signIn(world, STAFF);
  });

  it('makes a feed of the current filter, lists it with its filter, and revokes it to a bare 404', async () => {
    const page = await get('/calendar?scheme=wal&month=2026-11');
    const made = await client.post('/calendar/feeds', { _csrf: csrfOf(page), scope: 'filter', view: 'scheme=wal&month=2026-11' });
    const url = feedUrlOn(made.text)!;
    const events = eventsOf((await world.client().get(url.slice(world.origin.length))).text);
    expect(events.length).toBeGreaterThan(0);
    expect(events.every((e) => / WA-\d{4}-\d{4} /.test(e.summary))).toBe(true);
    const listed = await get('/calendar');
    expect(listed).toContain('Scheme: ');
    const feed = (await world.runtime.db.prisma.calendarFeed.findMany({ where: { owner: STAFF }, orderBy: { createdAt: 'asc' } })).find((f) => f.filter.includes('wal'))!;

    // Another member cannot revoke it.
    const other = await signIn(world, OTHER);
    const refused = await other.post(`/calendar/feeds/${feed.id}/revoke`, { _csrf: csrfOf(await get('/calendar', other)) });
    expect(refused.status).toBe(404);
    expect((await world.client().get(url.slice(world.origin.length))).status).toBe(200);

    const revoked = await client.post(`/calendar/feeds/${feed.id}/revoke`, { _csrf: csrfOf(listed), view: 'month=2026-11' });
    expect(revoked.status).toBe(200);
    expect(revoked.text).toContain('The feed is revoked');
    const gone = await world.client().get(url.slice(world.origin.length));
    expect(gone.status).toBe(404);
    expect(gone.text).toBe('Not Found');
    expect((await world.client().get(`/feeds/${'A'.repeat(43)}.ics`)).status).toBe(404);
    expect((await world.client().get('/feeds/nothing')).status).toBe(404);
    const audit = await world.runtime.db.prisma.auditEntry.findMany({ where: { action: 'feed.revoke', subject: feed.id } });
    expect(audit.map((a) => a.actor)).toEqual([`web:${STAFF}`]);
  });

  it("makes a contact's feed of their own cases only, in their language, without console links, and their digest links to it", async () => {
    const page = await get('/calendar');
    const made = await client.post('/calendar/feeds/contact', { _csrf: csrfOf(page), email: 'LiLei@dunan.example.cn' });
    expect(made.status).toBe(200);
    const url = feedUrlOn(made.text)!;
    expect(url).toBeTruthy();
    const events = eventsOf((await world.client().get(url.slice(world.origin.length))).text);
    expect(events.length).toBeGreaterThan(0);
    expect(events.every((e) => e.summary.includes('CN-2026-0002 天津盾安信息技术有限公司'))).toBe(true);
    expect(events.every((e) => e.url === null)).toBe(true);
    // Li Lei reads English.
    expect(events[0]!.summary).not.toMatch(/[\u4e00-\u9fff]{2,} · /);

    // Asked again, the same address: the token is derived, never stored.
    const again = await client.post('/calendar/feeds/contact', { _csrf: csrfOf(page), email: 'lilei@dunan.example.cn' });
    expect(feedUrlOn(again.text)).toBe(url);
    expect(again.text).toContain('already had a feed');
    const [contact] = await world.runtime.digests.digests.contactsByEmail('lilei@dunan.example.cn');
    const row = await world.runtime.db.prisma.calendarFeed.findFirst({ where: { ownerKind: 'contact', owner: contact!.contactId } });
    expect(JSON.stringify(row)).not.toContain(url.slice(`${world.origin}/feeds/`.length, -4));
    expect(contact!.feedId).toBe(row!.id);
    const digest = world.runtime.digests.renderer.contactDigest({ asOf: TODAY, period: '2026-W48', horizonDays: 30, contact: contact!, items: [] }, world.now());
    expect(digest.text).toContain(url);
    expect(digest.html).toContain(`href="${url}"`);

    const unknown = await client.post('/calendar/feeds/contact', { _csrf: csrfOf(page), email: 'nobody@example.cn' });
    expect(unknown.status).toBe(400);
    expect(unknown.text).toContain('No contact has the address nobody@example.cn.');

    const revoked = await client.post(`/calendar/feeds/${row!.id}/revoke`, { _csrf: csrfOf(page) });
    expect(revoked.status).toBe(200);
    expect((await world.client().get(url.slice(world.origin.length))).status).toBe(404);
    const after = (await world.runtime.digests.digests.contactsByEmail('lilei@dunan.example.cn'))[0]!;
    expect(after.feedId).toBeNull();
    expect(world.runtime.digests.renderer.contactDigest({ asOf: TODAY, period: '2026-W48', horizonDays: 30, contact: after, items: [] }, world.now()).text).not.toContain('/feeds/');
  });
});
