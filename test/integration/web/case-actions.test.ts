// What staff do on a case page, over HTTP on both databases with Slack and the Telegram bot
// configured: an event recorded from the web goes through the same use case as the command line (the
// escalation it meets is resolved at once and its Slack message updated), a wrong-stage event is
// refused in the staff's language with nothing written, an invitation link is shown once, a failed
// delivery goes back to pending, and an escalation is snoozed and acknowledged with its message
// updated. Every change is in the audit log under web:<email>.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { showCase } from '../../../src/app/show-case.js';
import { translator } from '../../../src/adapters/i18n/translator.js';
import { escapeHtml } from '../../../src/adapters/web/html.js';
import { schemeFor } from '../../../src/domain/schemes/registry.js';
import type { FakeSlack } from '../../fakes/fake-slack.js';
import { OVERDUE, STAFF, STAFF_ZH, WITH_CONTACT, bounce, createEscalatedConsole, failedDelivery, fingerprint } from '../../support/escalated-console.js';
import { closeConsole, csrfOf, signIn, type WebClient, type WebWorld } from '../../support/web-world.js';

vi.setConfig({ testTimeout: 120_000, hookTimeout: 180_000 });

const BOT = 'certbell_test_bot';

describe.each(['sqlite', 'postgres'] as const)('actions on the case page on %s', (kind) => {
  let world: WebWorld;
  let slack: FakeSlack;
  let client: WebClient;
  let zh: WebClient;
  const clock = () => ({ now: world.now });
  const csrf = async (c: WebClient, ref: string) => csrfOf((await c.get(`/cases/${ref}`)).text);

  beforeAll(async () => {
    ({ world, slack, client } = await createEscalatedConsole(kind, { TELEGRAM_BOT_USERNAME: BOT }));
    zh = await signIn(world, STAFF_ZH);
  });
  afterAll(() => closeConsole(world).finally(() => slack?.close()));

  const escalationOf = async (ref: string) => (await world.runtime.escalations!.escalations.unresolved(ref))[0]!;

  it('snoozes and then acknowledges the escalation, updating its Slack message each time; a second acknowledgement is refused', async () => {
    const escalation = await escalationOf(OVERDUE);
    const updates = slack.callsOf('chat.update').length;
    const base = `/cases/${OVERDUE}/escalations/${escalation.id}`;
    const page = await client.get(`/cases/${OVERDUE}`);
    expect(page.text).toContain(`action="${base}/acknowledge"`);
    expect(page.text).toContain(`action="${base}/snooze"`);

    // Not through another case's page.
    const before = await fingerprint(world);
    const elsewhere = await client.post(`/cases/${WITH_CONTACT}/escalations/${escalation.id}/acknowledge`, { _csrf: csrfOf(page.text) });
    expect(elsewhere.status).toBe(409);
    expect(elsewhere.text).toContain(escapeHtml(translator('en').t('web.error.escalation/not-found')));
    expect(await fingerprint(world)).toBe(before);

    const snoozed = await client.post(`${base}/snooze`, { _csrf: csrfOf(page.text), days: '3' });
    expect(snoozed.status).toBe(303);
    expect(snoozed.headers.get('location')).toBe(`/cases/${OVERDUE}?done=snoozed`);
    const afterSnooze = await world.runtime.escalations!.escalations.byId(escalation.id);
    expect(afterSnooze?.status).toBe('snoozed');
    expect(afterSnooze?.snoozedUntil?.getTime()).toBe(world.now().getTime() + 3 * 86_400_000);
    expect((await client.get(snoozed.headers.get('location')!)).text).toContain('The escalation is snoozed.');

    const acknowledged = await client.post(`${base}/acknowledge`, { _csrf: csrfOf(page.text) });
    expect(acknowledged.status).toBe(303);
    const after = await world.runtime.escalations!.escalations.byId(escalation.id);
    expect(after?.status).toBe('acknowledged');
    expect(after?.acknowledgedBy).toBe(`web:${STAFF}`);
    expect(slack.callsOf('chat.update').length).toBe(updates + 2);
    const audit = await world.runtime.db.prisma.auditEntry.findMany({ where: { subject: OVERDUE, action: { startsWith: 'escalation.' } }, orderBy: { at: 'asc' } });
    expect(audit.map((a) => [a.action, a.actor])).toEqual([
      ['escalation.snooze', `web:${STAFF}`],
      ['escalation.acknowledge', `web:${STAFF}`],
    ]);

    const acknowledgedOnce = await fingerprint(world);
    const again = await zh.post(`${base}/acknowledge`, { _csrf: await csrf(zh, OVERDUE) });
    expect(again.status).toBe(409);
    expect(again.text).toContain(escapeHtml(translator('zh-CN').t('web.error.escalation/already-acknowledged', { caseRef: OVERDUE, by: `web:${STAFF}` })));
    expect(await fingerprint(world)).toBe(acknowledgedOnce);
    // Acknowledged: no more buttons for it.
    expect((await client.get(`/cases/${OVERDUE}`)).text).not.toContain(`action="${base}/acknowledge"`);
  });

  it('refuses an event its stage does not allow, in the staff member\'s language, and writes nothing', async () => {
    const before = await fingerprint(world);
    const page = await zh.get(`/cases/${OVERDUE}`);
    const select = /<select name="type"[^>]*>(.*?)<\/select>/s.exec(page.text)?.[1] ?? '';
    const offered = [...select.matchAll(/<option value="([a-z-]+)"/g)].map((m) => m[1]!);
    const wal = schemeFor('wal');
    expect(offered.length).toBeGreaterThan(0);
    for (const type of offered) expect(wal.events[type]?.from, type).toContain('certified');
    expect(offered).not.toContain('certificate-issued');

    const refused = await zh.post(`/cases/${OVERDUE}/events`, { _csrf: csrfOf(page.text), type: 'certificate-issued', date: '2026-11-20', certificateNo: 'WAL-2026-9999' });
    expect(refused.status).toBe(409);
    const expected = translator('zh-CN').error({ code: 'event/illegal-in-stage', params: { event: 'certificate-issued', stage: 'certified', allowed: wal.events['certificate-issued']!.from.join(', ') } });
    expect(refused.text).toContain(escapeHtml(expected));
    // What was typed is offered again.
    expect(refused.text).toContain('value="WAL-2026-9999"');

    const future = await client.post(`/cases/${OVERDUE}/events`, { _csrf: await csrf(client, OVERDUE), type: 'surveillance-audit-completed', date: '2026-11-24' });
    expect(future.status).toBe(422);
    expect(future.text).toContain(escapeHtml(translator('en').error({ code: 'event/in-future', params: { date: '2026-11-24', today: '2026-11-23' } })));
    // A note longer than the command line accepts is refused, not cut.
    const long = await client.post(`/cases/${OVERDUE}/events`, { _csrf: await csrf(client, OVERDUE), type: 'surveillance-audit-completed', date: '2026-11-20', note: '注'.repeat(5_000) });
    expect(long.status).toBe(422);
    const badDate = await client.post(`/cases/${OVERDUE}/events`, { _csrf: await csrf(client, OVERDUE), type: 'surveillance-audit-completed', date: '2026-02-30' });
    expect(badDate.status).toBe(422);
    expect(await fingerprint(world)).toBe(before);
  });

  it('records the surveillance audit from the web: the obligation is met, the escalation resolved at once and its message updated', async () => {
    const owed = async () => {
      const shown = await showCase({ ...world.runtime.deps, clock: clock() }, OVERDUE);
      if (!shown.ok) throw new Error(shown.error.code);
      return shown.value.obligations.map((o) => o.kind);
    };
    expect(await owed()).toContain('surveillance-audit');
    const updates = slack.callsOf('chat.update').length;
    const recorded = await client.post(`/cases/${OVERDUE}/events`, { _csrf: await csrf(client, OVERDUE), type: 'surveillance-audit-completed', date: '2026-11-20' });
    expect(recorded.status).toBe(303);
    expect(recorded.headers.get('location')).toBe(`/cases/${OVERDUE}?done=event`);
    expect(await owed()).not.toContain('surveillance-audit');
    // No sweep in between.
    expect(await world.runtime.escalations!.escalations.unresolved(OVERDUE)).toEqual([]);
    expect(slack.callsOf('chat.update').length).toBe(updates + 1);

    const page = await client.get(recorded.headers.get('location')!);
    expect(page.text).toContain('The event was recorded.');
    const firstAudit = /<tr class="audit">.*?<td data-label="[^"]*" class="actor">([^<]*)<\/td><td data-label="[^"]*">([^<]*)<\/td>/s.exec(page.text);
    expect([firstAudit?.[1], firstAudit?.[2]]).toEqual([`web:${STAFF}`, 'event.record']);
    expect(page.text).toMatch(/<tr class="escalation" data-status="resolved">/);
  });

  it('shows an invitation link once, stores only its hash, and then shows the contact bound', async () => {
    const before = await world.runtime.db.prisma.invitation.count();
    const invited = await client.post(`/cases/${WITH_CONTACT}/invitations`, { _csrf: await csrf(client, WITH_CONTACT), email: 'lilei@dunan.example.cn' });
    expect(invited.status).toBe(200);
    const link = new RegExp(`https://t\\.me/${BOT}\\?start=([A-Za-z0-9_-]+)`).exec(invited.text);
    expect(link).not.toBeNull();
    const token = link![1]!;
    const stored = await world.runtime.db.prisma.invitation.findMany({ orderBy: { createdAt: 'desc' }, take: 1 });
    expect(await world.runtime.db.prisma.invitation.count()).toBe(before + 1);
    expect(stored[0]?.issuedBy).toBe(`web:${STAFF}`);
    expect(JSON.stringify(stored)).not.toContain(token);
    const later = await client.get(`/cases/${WITH_CONTACT}`);
    expect(later.text).not.toContain(token);
    expect(later.text).toContain('not bound');

    const outcome = await world.runtime.stores.invitations.redeem(token, '424242', world.now());
    expect(outcome.kind).toBe('bound');
    expect((await client.get(`/cases/${WITH_CONTACT}`)).text).toMatch(/<td data-label="Telegram"( class="")?>bound<\/td>/);

    const stranger = await client.post(`/cases/${WITH_CONTACT}/invitations`, { _csrf: await csrf(client, WITH_CONTACT), email: 'someone@else.example' });
    expect(stranger.status).toBe(422);
    expect(stranger.text).toContain(escapeHtml(translator('en').t('invite.error.not-a-contact', { email: 'someone@else.example', ref: WITH_CONTACT })));
    expect(await world.runtime.db.prisma.invitation.count()).toBe(before + 1);
  });

  it('puts a delivery that failed for good back to pending, once', async () => {
    await failedDelivery(world, WITH_CONTACT, 'due', world.now());
    const [failed] = await world.runtime.stores.outbox.list({ caseRef: WITH_CONTACT, status: 'failed' });
    const page = await client.get(`/cases/${WITH_CONTACT}`);
    expect(page.text).toContain(bounce('due'));
    const path = `/cases/${WITH_CONTACT}/deliveries/${failed!.id}/retry`;
    expect(page.text).toContain(`action="${path}"`);

    // Not from another case's page.
    const elsewhere = await client.post(`/cases/${OVERDUE}/deliveries/${failed!.id}/retry`, { _csrf: csrfOf(page.text) });
    expect(elsewhere.status).toBe(409);
    expect((await world.runtime.stores.outbox.list({ caseRef: WITH_CONTACT }))[0]?.status).toBe('failed');

    const retried = await client.post(path, { _csrf: csrfOf(page.text) });
    expect(retried.status).toBe(303);
    expect(retried.headers.get('location')).toBe(`/cases/${WITH_CONTACT}?done=retried`);
    const [row] = await world.runtime.stores.outbox.list({ caseRef: WITH_CONTACT });
    expect(row).toMatchObject({ id: failed!.id, status: 'pending', attempts: 0 });
    const audit = await world.runtime.db.prisma.auditEntry.findFirst({ where: { subject: WITH_CONTACT, action: 'outbox.retry' } });
    expect(audit?.actor).toBe(`web:${STAFF}`);
    expect(JSON.parse(audit!.details)).toMatchObject({ message: failed!.id, lastError: bounce('due') });

    const before = await fingerprint(world);
    const again = await client.post(path, { _csrf: csrfOf(page.text) });
    expect(again.status).toBe(409);
    expect(again.text).toContain(escapeHtml(translator('en').t('web.error.outbox/not-failed')));
    expect(await fingerprint(world)).toBe(before);
  });
});
