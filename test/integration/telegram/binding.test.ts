// Binding a chat through an invitation, and every way it can fail, on both databases. Every refusal
// must read the same and name nothing: the matrix checks the words the fake Bot API received.
import { createHash } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { revokeInvitations } from '../../../src/app/invite-contact.js';
import { translator } from '../../../src/adapters/i18n/translator.js';
import { CASES, createAssistantWorld, texts } from './assistant-world.js';
import type { AssistantWorld } from './assistant-world.js';

const zh = translator('zh-CN');
const en = translator('en');
const identifying = Object.values(CASES).flatMap((c) => [c.ref, c.organization, c.email, c.contactName, ...(c.certificateNo ? [c.certificateNo] : [])]);

describe.each(['sqlite', 'postgres'] as const)('binding a chat on %s', (kind) => {
  let world: AssistantWorld;
  afterEach(async () => world?.close());

  it('an invitation binds the chat once, stores only the hash of its token, and audits issue and bind', async () => {
    world = await createAssistantWorld(kind);
    const token = await world.invitationToken(CASES.beijing.ref, 'Zhang.Wei@Example.cn ');
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const [answer, ...rest] = await world.say(1001, `/start ${token}`);
    expect(rest).toEqual([]);
    expect(answer?.text).toBe(zh.t('telegram.bound', { cases: CASES.beijing.ref, count: 1 }));

    const p = world.database.db.prisma;
    const [invitation] = await p.invitation.findMany();
    expect(invitation).toMatchObject({ tokenHash: createHash('sha256').update(token).digest('hex'), caseRef: CASES.beijing.ref, issuedBy: 'cli:staff', usedByChat: '1001' });
    expect(invitation?.usedAt?.toISOString()).toBe('2026-11-21T02:00:00.000Z');
    expect(invitation?.expiresAt.toISOString()).toBe('2026-11-28T02:00:00.000Z');
    // The token itself is nowhere in the database.
    const everything = JSON.stringify([await p.invitation.findMany(), await p.auditEntry.findMany(), await p.contactChat.findMany()]);
    expect(everything).not.toContain(token);
    const audit = await p.auditEntry.findMany({ where: { action: { in: ['invitation.issue', 'chat.bind'] } }, orderBy: { action: 'asc' } });
    expect(audit.map((a) => [a.action, a.actor, a.subject])).toEqual([
      ['chat.bind', 'telegram:1001', CASES.beijing.ref],
      ['invitation.issue', 'cli:staff', CASES.beijing.ref],
    ]);
    expect(await p.contactChat.findMany({ select: { chatId: true, status: true } })).toEqual([{ chatId: '1001', status: 'active' }]);

    // Bound: /status shows the case; the contact's other organisation (same email) stays out of sight.
    const status = texts(await world.say(1001, '/status'));
    expect(status).toContain(CASES.beijing.ref);
    expect(status).not.toContain(CASES.xinjiang.ref);
  });

  it('used, expired, revoked, unknown and malformed tokens all get the same neutral answer, and nothing is bound', async () => {
    world = await createAssistantWorld(kind, { tokenLimits: { maxFailures: 100, windowMs: 3_600_000 } });
    const used = await world.invitationToken(CASES.beijing.ref, CASES.beijing.email);
    await world.say(1001, `/start ${used}`);
    const expired = await world.invitationToken(CASES.guangdong.ref, CASES.guangdong.email);
    const revoked = await world.invitationToken(CASES.wal.ref, CASES.wal.email);
    expect(await revokeInvitations(world.invite, { caseRef: CASES.wal.ref, actor: 'cli:staff' })).toEqual({ ok: true, value: { revoked: 1, unbound: 0 } });
    world.advance(7 * 86_400_000);

    const attempts = [used, expired, revoked, 'A'.repeat(43), 'CN-2026-0001', 'zhang.wei@example.cn', '../../etc', 'x'.repeat(65)];
    for (const [i, token] of attempts.entries()) {
      for (const [language, tr] of [['zh-hans', zh], ['en', en]] as const) {
        const answer = await world.say(2000 + i, `/start ${token}`, language);
        expect(answer.map((m) => m.text)).toEqual([tr.t('telegram.invalidLink')]);
        for (const secret of identifying) expect(answer[0]?.text).not.toContain(secret);
      }
    }
    expect(await world.database.db.prisma.contactChat.findMany({ select: { chatId: true } })).toEqual([{ chatId: '1001' }]);
    // A second use from the chat that used it is refused too: single use means single use.
    expect(texts(await world.say(1001, `/start ${used}`))).toBe(zh.t('telegram.invalidLink'));
  });

  it('an invitation still works on its last day and not a second after', async () => {
    world = await createAssistantWorld(kind);
    const token = await world.invitationToken(CASES.guangdong.ref, CASES.guangdong.email);
    const late = await world.invitationToken(CASES.guangdong.ref, CASES.guangdong.email);
    world.advance(7 * 86_400_000 - 1000);
    expect(texts(await world.say(1002, `/start ${token}`, 'en'))).toBe(en.t('telegram.bound', { cases: CASES.guangdong.ref, count: 1 }));
    world.advance(1000);
    expect(texts(await world.say(1003, `/start ${late}`, 'en'))).toBe(en.t('telegram.invalidLink'));
  });

  it('token guessing is rate limited per chat: after 5 failures even a good token waits, other chats do not', async () => {
    world = await createAssistantWorld(kind);
    for (let i = 0; i < 5; i++) expect(texts(await world.say(3001, `/start guess${i}`))).toBe(zh.t('telegram.invalidLink'));
    const good = await world.invitationToken(CASES.beijing.ref, CASES.beijing.email);
    expect(texts(await world.say(3001, `/start ${good}`))).toBe(zh.t('telegram.tooManyAttempts', { minutes: 60 }));
    expect(await world.database.db.prisma.contactChat.count()).toBe(0);
    expect((await world.database.db.prisma.invitation.findFirst())?.usedAt).toBeNull();
    // Another chat is not held back by the first one's guesses.
    expect(texts(await world.say(3002, '/start nope'))).toBe(zh.t('telegram.invalidLink'));
    // An hour after the first failure, the chat may try again.
    world.advance(3_600_000);
    expect(texts(await world.say(3001, `/start ${good}`))).toBe(zh.t('telegram.bound', { cases: CASES.beijing.ref, count: 1 }));
  });

  it('two chats racing with one token: exactly one is bound', async () => {
    world = await createAssistantWorld(kind);
    const token = await world.invitationToken(CASES.wal.ref, CASES.wal.email);
    world.fake.pushText(4001, `/start ${token}`);
    world.fake.pushText(4002, `/start ${token}`);
    await world.settle();
    const answers = world.fake.sent.map((m) => m.text).sort();
    expect(answers).toEqual([zh.t('telegram.bound', { cases: CASES.wal.ref, count: 1 }), zh.t('telegram.invalidLink')].sort());
    expect(await world.database.db.prisma.contactChat.count()).toBe(1);
  });

  it('/stop unbinds the chat, with an audit entry; staff revocation by email unbinds every chat of that contact', async () => {
    world = await createAssistantWorld(kind);
    await world.bind(1001, CASES.beijing.ref, CASES.beijing.email);
    await world.bind(1005, CASES.beijing.ref, CASES.beijing.email);
    await world.bind(1006, CASES.wal.ref, CASES.wal.email);
    expect(texts(await world.say(1001, '/stop'))).toBe(zh.t('telegram.stopped'));
    expect(texts(await world.say(1001, '/status'))).toBe(zh.t('telegram.notBound'));
    expect(texts(await world.say(1001, '/stop'))).toBe(zh.t('telegram.stopNothing'));
    const p = world.database.db.prisma;
    expect(await p.auditEntry.count({ where: { action: 'chat.unbind', actor: 'telegram:1001' } })).toBe(1);

    const open = await world.invitationToken(CASES.beijing.ref, CASES.beijing.email);
    // Both organisations' contacts with this email: the Beijing one (chat 1005, one open invitation) and the Xinjiang one.
    expect(await revokeInvitations(world.invite, { email: CASES.beijing.email, actor: 'slack:U1' })).toEqual({ ok: true, value: { revoked: 1, unbound: 1 } });
    expect(texts(await world.say(1005, '/status'))).toBe(zh.t('telegram.notBound'));
    expect(texts(await world.say(1007, `/start ${open}`))).toBe(zh.t('telegram.invalidLink'));
    expect(texts(await world.say(1006, '/status'))).toContain(CASES.wal.ref);
    expect(await p.auditEntry.count({ where: { actor: 'slack:U1', action: { in: ['invitation.revoke', 'chat.unbind'] } } })).toBe(2);
  });
});
