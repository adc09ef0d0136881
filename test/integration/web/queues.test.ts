// The lists behind the Today page's "open escalations" and "failed deliveries", over HTTP on both
// databases with Slack configured: each card links to a list whose count is the card's number; the
// escalation raised by the sweep is listed with its case, due date, state and when it was posted, and
// is snoozed and acknowledged from the list; a failed delivery is sent again from the list with an
// audit entry; both lists page; a POST without the CSRF token changes nothing; and each segment of
// the week chart links to the cases behind it.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { showCase } from '../../../src/app/show-case.js';
import { localTime } from '../../../src/adapters/i18n/invite-messages.js';
import { translator } from '../../../src/adapters/i18n/translator.js';
import { escapeHtml } from '../../../src/adapters/web/html.js';
import type { FakeSlack } from '../../fakes/fake-slack.js';
import { OVERDUE, STAFF, STAFF_ZH, WITH_CONTACT, bounce, createEscalatedConsole, failedDelivery, fingerprint } from '../../support/escalated-console.js';
import { closeConsole, csrfOf, signIn, type WebClient, type WebWorld } from '../../support/web-world.js';

vi.setConfig({ testTimeout: 120_000, hookTimeout: 180_000 });

const ZONE = 'Asia/Shanghai';
const en = translator('en');

/** The number on the Today page's card that links to `href`. */
function cardNumber(page: string, href: string): number {
  const found = new RegExp(`<a class="n[^"]*" href="${href}">(\\d+)</a>`).exec(page);
  expect(found, href).not.toBeNull();
  return Number(found![1]);
}

const totalOf = (page: string, what: 'escalation' | 'message') => Number(new RegExp(`\\((\\d+) ${what}s?\\)`).exec(page)?.[1] ?? NaN);
const rowsOf = (page: string, className: string) => [...page.matchAll(new RegExp(`<tr class="${className}" data-status="([a-z]+)">`, 'g'))].map((m) => m[1]!);
const retryIdsOf = (page: string) => [...page.matchAll(/action="\/deliveries\/([^/"]+)\/retry"/g)].map((m) => decodeURIComponent(m[1]!));

describe.each(['sqlite', 'postgres'] as const)('the escalation and delivery lists on %s', (kind) => {
  let world: WebWorld;
  let slack: FakeSlack;
  let client: WebClient;
  let zh: WebClient;
  const clock = () => ({ now: world.now });

  beforeAll(async () => {
    ({ world, slack, client } = await createEscalatedConsole(kind));
    await failedDelivery(world, WITH_CONTACT, 'due', new Date(world.now().getTime() - 3_600_000));
    zh = await signIn(world, STAFF_ZH);
  });
  afterAll(() => closeConsole(world).finally(() => slack?.close()));

  const unresolvedCount = () => world.runtime.db.prisma.escalation.count({ where: { status: { not: 'resolved' } } });
  const failedCount = () => world.runtime.db.prisma.outboxMessage.count({ where: { status: 'failed' } });

  it('links the Today cards to lists whose counts are the cards\' numbers, and lists the escalation as it stands', async () => {
    const today = (await client.get('/')).text;
    const escalations = await client.get('/escalations');
    const deliveries = await client.get('/deliveries');
    expect([escalations.status, deliveries.status]).toEqual([200, 200]);
    expect(cardNumber(today, '/escalations')).toBe(await unresolvedCount());
    expect(cardNumber(today, '/escalations')).toBe(totalOf(escalations.text, 'escalation'));
    expect(rowsOf(escalations.text, 'escalation')).toEqual(['open']);
    expect(cardNumber(today, '/deliveries')).toBe(await failedCount());
    expect(cardNumber(today, '/deliveries')).toBe(totalOf(deliveries.text, 'message'));
    expect(rowsOf(deliveries.text, 'delivery')).toEqual(['failed']);
    expect(deliveries.text).toContain('<option value="failed" selected>');
    expect(deliveries.text).toContain(`${en.t('web.queues.deliveries.purposes.reminder')}<br>`);

    // The escalation's row: its case, organisation, the obligation's due date and lateness, state, when it was posted.
    const [escalation] = await world.runtime.escalations!.escalations.unresolved(OVERDUE);
    const shown = await showCase({ ...world.runtime.deps, clock: clock() }, OVERDUE);
    if (!shown.ok) throw new Error(shown.error.code);
    const obligation = shown.value.obligations.find((o) => o.kind === escalation!.detail.obligationKind && o.occurrence === escalation!.detail.obligationOccurrence);
    expect(obligation).toBeDefined();
    const [posted] = await world.runtime.db.prisma.outboxMessage.findMany({ where: { caseRef: OVERDUE, purpose: 'escalation', status: 'sent' } });
    const row = /<tr class="escalation" data-status="open">(.*?)<\/tr>/s.exec(escalations.text)?.[1] ?? '';
    expect(row).toContain(`<a href="/cases/${OVERDUE}">${OVERDUE}</a>`);
    expect(row).toContain(escapeHtml(escalation!.detail.organization));
    expect(row).toContain(`>${obligation!.dueOn}<`);
    expect(row).toContain(en.t('web.daysLate', { count: Math.round((Date.parse(shown.value.asOf) - Date.parse(obligation!.dueOn)) / 86_400_000) }));
    expect(row).toContain(en.t('web.case.escalation.open'));
    expect(row).toContain(localTime(posted!.sentAt!, ZONE));
    expect(row).toContain(`action="/escalations/${escalation!.id}/acknowledge"`);
    // A phone shows each row as a card, each cell named.
    expect(escalations.text).toContain('<table class="rows-as-cards">');
    expect(row).toContain(`data-label="${en.t('web.col.due')}"`);

    // In the staff member's own language.
    const inChinese = (await zh.get('/deliveries')).text;
    expect(inChinese).toContain(`<h1>${translator('zh-CN').t('web.queues.deliveries.title.failed')}</h1>`);
    expect(inChinese).toContain('<html lang="zh-CN">');
  });

  it('snoozes and acknowledges from the list and comes back to it; the state filter narrows it', async () => {
    const [escalation] = await world.runtime.escalations!.escalations.unresolved(OVERDUE);
    const list = await client.get('/escalations');
    const base = `/escalations/${escalation!.id}`;

    // Not as another case's escalation.
    const before = await fingerprint(world);
    const elsewhere = await client.post(`${base}/acknowledge`, { _csrf: csrfOf(list.text), ref: WITH_CONTACT });
    expect(elsewhere.status).toBe(409);
    expect(elsewhere.text).toContain(escapeHtml(en.t('web.error.escalation/not-found')));
    // Nor without the CSRF token.
    const forged = await client.post(`${base}/acknowledge`, { ref: OVERDUE });
    expect(forged.status).toBe(403);
    expect(await fingerprint(world)).toBe(before);

    const snoozed = await client.post(`${base}/snooze`, { _csrf: csrfOf(list.text), ref: OVERDUE, days: '3' });
    expect(snoozed.status).toBe(303);
    expect(snoozed.headers.get('location')).toBe('/escalations?done=snoozed');
    expect((await world.runtime.escalations!.escalations.byId(escalation!.id))?.status).toBe('snoozed');
    const back = await client.get(snoozed.headers.get('location')!);
    expect(back.text).toContain(en.t('web.case.done.snoozed'));
    expect(rowsOf(back.text, 'escalation')).toEqual(['snoozed']);

    expect(rowsOf((await client.get('/escalations?state=open')).text, 'escalation')).toEqual([]);
    const onlySnoozed = await client.get('/escalations?state=snoozed');
    expect(rowsOf(onlySnoozed.text, 'escalation')).toEqual(['snoozed']);
    // The list's state travels with the action, so that it comes back to the same list.
    expect(onlySnoozed.text).toContain('<input type="hidden" name="state" value="snoozed">');
    const acknowledged = await client.post(`${base}/acknowledge`, { _csrf: csrfOf(onlySnoozed.text), ref: OVERDUE, state: 'snoozed' });
    expect(acknowledged.status).toBe(303);
    expect(acknowledged.headers.get('location')).toBe('/escalations?state=snoozed&done=acknowledged');
    const after = await world.runtime.escalations!.escalations.byId(escalation!.id);
    expect([after?.status, after?.acknowledgedBy]).toEqual(['acknowledged', `web:${STAFF}`]);
    const audit = await world.runtime.db.prisma.auditEntry.findMany({ where: { subject: OVERDUE, action: { startsWith: 'escalation.' } }, orderBy: { at: 'asc' } });
    expect(audit.map((a) => [a.action, a.actor])).toEqual([
      ['escalation.snooze', `web:${STAFF}`],
      ['escalation.acknowledge', `web:${STAFF}`],
    ]);

    // Acknowledged is still unresolved: still counted on Today and listed, without buttons.
    const all = await client.get('/escalations');
    expect(rowsOf(all.text, 'escalation')).toEqual(['acknowledged']);
    expect(all.text).not.toContain(`action="${base}/acknowledge"`);
    expect(cardNumber((await client.get('/')).text, '/escalations')).toBe(totalOf(all.text, 'escalation'));
    // A state that means nothing is named and left out.
    const bogus = await client.get('/escalations?state=lost');
    expect(bogus.text).toContain(escapeHtml(en.t('web.cases.ignored', { names: 'state' })));
    expect(rowsOf(bogus.text, 'escalation')).toEqual(['acknowledged']);
  });

  it('sends a failed delivery again from the list, once, with its audit entry', async () => {
    const list = await client.get('/deliveries');
    const [id] = retryIdsOf(list.text);
    expect(list.text).toContain(bounce('due'));
    const [contact] = (await world.runtime.deps.cases.findByRef(WITH_CONTACT))?.contacts ?? [];
    expect(list.text).toContain(escapeHtml(contact!.email));

    const before = await fingerprint(world);
    const forged = await client.post(`/deliveries/${id}/retry`, { ref: WITH_CONTACT });
    expect(forged.status).toBe(403);
    const wrongCase = await client.post(`/deliveries/${id}/retry`, { _csrf: csrfOf(list.text), ref: OVERDUE });
    expect(wrongCase.status).toBe(409);
    expect(await fingerprint(world)).toBe(before);

    const retried = await client.post(`/deliveries/${id}/retry`, { _csrf: csrfOf(list.text), ref: WITH_CONTACT });
    expect(retried.status).toBe(303);
    expect(retried.headers.get('location')).toBe('/deliveries?done=retried');
    const row = await world.runtime.db.prisma.outboxMessage.findUnique({ where: { id: id! } });
    expect([row?.status, row?.attempts]).toEqual(['pending', 0]);
    const audit = await world.runtime.db.prisma.auditEntry.findFirst({ where: { subject: WITH_CONTACT, action: 'outbox.retry' } });
    expect(audit?.actor).toBe(`web:${STAFF}`);
    expect(JSON.parse(audit!.details)).toMatchObject({ message: id, lastError: bounce('due') });

    const back = await client.get(retried.headers.get('location')!);
    expect(back.text).toContain(en.t('web.case.done.retried'));
    expect(retryIdsOf(back.text)).not.toContain(id);
    expect(cardNumber((await client.get('/')).text, '/deliveries')).toBe(0);
    const pending = await client.get('/deliveries?state=pending');
    expect(pending.text).toContain(bounce('due'));
    expect(rowsOf(pending.text, 'delivery')).toContain('pending');

    const once = await fingerprint(world);
    const again = await client.post(`/deliveries/${id}/retry`, { _csrf: csrfOf(list.text), ref: WITH_CONTACT });
    expect(again.status).toBe(409);
    expect(again.text).toContain(escapeHtml(en.t('web.error.outbox/not-failed')));
    expect(await fingerprint(world)).toBe(once);
  });

  it('pages both lists 50 at a time, the latest first, each page a link', async () => {
    const start = world.now().getTime();
    for (let i = 0; i < 57; i += 1) await failedDelivery(world, WITH_CONTACT, `page-${i}`, new Date(start - (i + 1) * 60_000));
    const total = await failedCount();
    expect(total).toBe(57);
    const first = await client.get('/deliveries');
    expect(totalOf(first.text, 'message')).toBe(total);
    expect(cardNumber((await client.get('/')).text, '/deliveries')).toBe(total);
    const firstIds = retryIdsOf(first.text);
    expect(firstIds).toHaveLength(50);
    expect(first.text).toContain('href="/deliveries?page=2" rel="next"');
    const second = await client.get('/deliveries?page=2');
    const secondIds = retryIdsOf(second.text);
    expect(secondIds).toHaveLength(total - 50);
    const stored = await world.runtime.db.prisma.outboxMessage.findMany({ where: { status: 'failed' }, orderBy: { notBefore: 'desc' } });
    expect([...firstIds, ...secondIds]).toEqual(stored.map((r) => r.id));
    expect(first.text.indexOf('(page-0)')).toBeGreaterThan(-1);

    // Escalations: more raised, an hour apart, the newest listed first.
    const repo = world.runtime.escalations!.escalations;
    const [model] = await repo.unresolved(OVERDUE);
    for (let i = 0; i < 52; i += 1) {
      const [raised] = await repo.raise([{ key: `${model!.key}|page-${i}`, kind: model!.kind, caseRef: model!.caseRef, occurrence: model!.occurrence, stage: model!.stage, detail: model!.detail }], new Date(start + (i + 1) * 3_600_000));
      expect(raised).toBeDefined();
    }
    const unresolved = await unresolvedCount();
    const page1 = await client.get('/escalations');
    expect(totalOf(page1.text, 'escalation')).toBe(unresolved);
    expect(cardNumber((await client.get('/')).text, '/escalations')).toBe(unresolved);
    const ackIds = (text: string) => [...text.matchAll(/action="\/escalations\/([^/"]+)\/acknowledge"/g)].map((m) => m[1]!);
    const open1 = ackIds(page1.text);
    expect(rowsOf(page1.text, 'escalation')).toHaveLength(50);
    const newest = await world.runtime.db.prisma.escalation.findMany({ where: { status: 'open' }, orderBy: { raisedAt: 'desc' } });
    expect(open1).toEqual(newest.slice(0, 50).map((e) => e.id));
    const page2 = await client.get('/escalations?page=2');
    // The rest of the open ones, then the acknowledged one last.
    expect(rowsOf(page2.text, 'escalation')).toEqual([...newest.slice(50).map(() => 'open'), 'acknowledged']);
    expect(page2.text).toContain('href="/escalations" rel="prev"');
  });

  it('lists a failed digest, which belongs to no case, without a retry button', async () => {
    const before = await failedCount();
    const key = 'digest|staff|someone@certbody.example.cn|2026-11-23';
    await world.runtime.stores.outbox.enqueue(
      [{ key, reminder: key, purpose: 'digest', detail: '{}', caseRef: '', kind: 'digest', occurrence: '2026-11-23', step: 'daily', contactId: '', channel: 'email', address: 'someone@certbody.example.cn', locale: 'en', status: 'failed', lastError: 'no route', notBefore: world.now() }],
      world.now(),
    );
    const list = (await client.get('/deliveries')).text;
    expect(totalOf(list, 'message')).toBe(before + 1);
    const row = /<tr class="delivery" data-status="failed">((?:(?!<\/tr>).)*someone@certbody\.example\.cn.*?)<\/tr>/s.exec(list)?.[1] ?? '';
    expect(row).toContain(`<td data-label="${en.t('web.col.case')}">—</td>`);
    expect(row).toContain(en.t('web.queues.deliveries.purposes.digest'));
    expect(row).not.toContain('/retry"');
  });

  it('links each segment of the week chart to the cases owing that kind that week', async () => {
    const today = (await client.get('/')).text;
    const segments = [...today.matchAll(/<a href="(\/cases\?dueFrom=[^"]+)" aria-label="([^"]+)"><title>/g)].map((m) => ({ href: m[1]!.replaceAll('&amp;', '&'), label: m[2]! }));
    expect(segments.length).toBeGreaterThan(0);
    for (const { href, label } of segments.slice(0, 3)) {
      const params = new URL(href, world.origin).searchParams;
      const [from, to, kindOf] = [params.get('dueFrom')!, params.get('dueTo')!, params.get('kind')!];
      expect(from >= '2026-11-23').toBe(true);
      expect(label).toContain(escapeHtml(en.t(`kind.${kindOf}`)));
      const cases = await client.get(href);
      expect(cases.status).toBe(200);
      expect(cases.text).toContain(escapeHtml(en.t('web.cases.dueBetween', { from, to })));
      expect(Number(/\((\d+) cases\)/.exec(cases.text)?.[1] ?? 0)).toBeGreaterThan(0);
    }
  });
});
