// Issuing and revoking invitations against in-memory ports: what is refused, and what is stored.
import { describe, expect, it } from 'vitest';
import { addCase } from '../../../src/app/add-case.js';
import type { InvitationRepository, NewInvitation } from '../../../src/app/assistant-ports.js';
import { inviteContact, revokeInvitations } from '../../../src/app/invite-contact.js';
import type { InviteDeps } from '../../../src/app/invite-contact.js';
import { fakeDeps } from '../../fakes/deps.js';

function memoryInvitations() {
  const issued: (NewInvitation & { at: Date })[] = [];
  const revoked: { contactIds: readonly string[]; actor: string; context: Readonly<Record<string, string>> }[] = [];
  const repository: InvitationRepository = {
    issue: async (invitation, at) => {
      issued.push({ ...invitation, at });
      return { token: invitation.token ?? 'random-token' };
    },
    redeem: async () => ({ kind: 'refused', reason: 'unknown' }),
    revoke: async (contactIds, actor, _at, context) => {
      revoked.push({ contactIds, actor, context });
      return { revoked: contactIds.length, unbound: 0 };
    },
    contactIdsByEmail: async () => [],
  };
  return { repository, issued, revoked };
}

async function setUp(botUsername: string | null = 'certbell_bot') {
  const base = fakeDeps('2026-11-21T02:00:00Z');
  const invitations = memoryInvitations();
  const deps: InviteDeps = { ...base, invitations: invitations.repository, invite: { botUsername, validDays: 7 }, randomToken: () => 'tok_EN-123' };
  await addCase(base, { ref: 'CN-1', scheme: 'cnce-ns', organization: { name: '甲公司', province: '北京' }, serviceType: 'risk-assessment', level: 1, contacts: [{ name: '张伟', email: 'zhang@example.cn', locale: 'zh-CN' }] }, 'test');
  return { deps, ...invitations };
}

describe('inviteContact', () => {
  it('issues a deep link valid for the policy’s days, for a contact of the case', async () => {
    const { deps, issued } = await setUp('@certbell_bot');
    const result = await inviteContact(deps, { caseRef: 'CN-1', email: ' ZHANG@example.cn', actor: 'cli:staff' });
    expect(result).toEqual({ ok: true, value: { link: 'https://t.me/certbell_bot?start=tok_EN-123', expiresAt: new Date('2026-11-28T02:00:00Z'), contactName: '张伟' } });
    expect(issued).toMatchObject([{ caseRef: 'CN-1', issuedBy: 'cli:staff', token: 'tok_EN-123' }]);
  });

  it('refuses an unknown case, an address that is not a contact of it, and a missing bot username, storing nothing', async () => {
    const { deps, issued } = await setUp();
    expect(await inviteContact(deps, { caseRef: 'CN-9', email: 'zhang@example.cn', actor: 'x' })).toEqual({ ok: false, error: { code: 'case/not-found', params: { ref: 'CN-9' } } });
    expect(await inviteContact(deps, { caseRef: 'CN-1', email: 'li@example.cn', actor: 'x' })).toEqual({ ok: false, error: { code: 'invite/not-a-contact', params: { ref: 'CN-1', email: 'li@example.cn' } } });
    const noBot = await setUp(null);
    expect(await inviteContact(noBot.deps, { caseRef: 'CN-1', email: 'zhang@example.cn', actor: 'x' })).toEqual({ ok: false, error: { code: 'invite/no-bot-username', params: {} } });
    expect(issued).toEqual([]);
  });
});

describe('revokeInvitations', () => {
  it('needs a case or an email, and revokes the contacts they name', async () => {
    const { deps, revoked } = await setUp();
    expect(await revokeInvitations(deps, { actor: 'x' })).toEqual({ ok: false, error: { code: 'invite/revoke-needs-filter', params: {} } });
    expect(await revokeInvitations(deps, { email: 'nobody@example.cn', actor: 'x' })).toEqual({ ok: false, error: { code: 'invite/unknown-email', params: { email: 'nobody@example.cn' } } });
    expect(await revokeInvitations(deps, { caseRef: 'CN-1', email: 'li@example.cn', actor: 'x' })).toMatchObject({ ok: false, error: { code: 'invite/not-a-contact' } });
    expect(await revokeInvitations(deps, { caseRef: 'CN-1', actor: 'slack:U1' })).toEqual({ ok: true, value: { revoked: 1, unbound: 0 } });
    expect(revoked).toMatchObject([{ actor: 'slack:U1', context: { caseRef: 'CN-1' } }]);
  });
});
