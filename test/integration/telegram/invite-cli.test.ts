// `certbell invite` and `certbell invite revoke` end to end on a real database.
import { beforeAll, describe, expect, it } from 'vitest';
import { cliOnFreshDatabase } from '../../support/run-cli.js';

describe.each(['sqlite', 'postgres'] as const)('certbell invite on %s', (kind) => {
  const { cli, db } = cliOnFreshDatabase(kind, { TELEGRAM_BOT_USERNAME: '@certbell_test_bot', CERTBELL_INVITE_DAYS: '3' });
  beforeAll(async () => {
    const added = await cli('case', 'add', '--ref', 'CN-2026-0001', '--scheme', 'cnce-ns', '--org', '北京安信网络科技有限公司', '--province', '北京', '--service-type', 'risk-assessment', '--level', '2', '--email', 'zhang.wei@example.cn', '--contact-name', '张伟');
    expect(added.code).toBe(0);
  });

  it('prints the single-use deep link and its expiry, and audits it', async () => {
    const result = await cli('invite', 'CN-2026-0001', '--email', 'Zhang.Wei@example.cn', '--json');
    expect(result.code).toBe(0);
    const printed = JSON.parse(result.out) as { link: string; expiresAt: string; contactName: string };
    expect(printed.link).toMatch(/^https:\/\/t\.me\/certbell_test_bot\?start=[A-Za-z0-9_-]{43}$/);
    expect(printed.contactName).toBe('张伟');
    const invitation = await db().prisma.invitation.findFirst();
    expect(invitation?.expiresAt.toISOString()).toBe(printed.expiresAt);
    expect(invitation!.expiresAt.getTime() - invitation!.createdAt.getTime()).toBe(3 * 86_400_000);
    expect(await db().prisma.auditEntry.count({ where: { action: 'invitation.issue', actor: 'cli:tester' } })).toBe(1);
    const text = await cli('invite', 'CN-2026-0001', '--email', 'zhang.wei@example.cn', '--lang', 'zh-CN');
    expect(text.out).toContain('张伟 <zhang.wei@example.cn> 的邀请（案件 CN-2026-0001）：\nhttps://t.me/certbell_test_bot?start=');
    expect(text.out).toMatch(/有效期至 \d{4}-\d\d-\d\d \d\d:\d\d \(Asia\/Shanghai\)/);
  });

  it('refuses an unknown case or an address that is not its contact, with exit 1 and nothing stored', async () => {
    const before = await db().prisma.invitation.count();
    expect(await cli('invite', 'CN-9999', '--email', 'zhang.wei@example.cn')).toMatchObject({ code: 1, err: 'No case with reference CN-9999.' });
    expect(await cli('invite', 'CN-2026-0001', '--email', 'li@example.cn', '--lang', 'zh-CN')).toMatchObject({ code: 1, err: 'li@example.cn 不是案件 CN-2026-0001 的联系人。' });
    expect(await db().prisma.invitation.count()).toBe(before);
    expect((await cli('invite', 'CN-2026-0001')).code).toBe(2);
  });

  it('revokes by case or email', async () => {
    expect(await cli('invite', 'revoke')).toMatchObject({ code: 1, err: 'Name the contact (--email), the case (--case), or both.' });
    expect(await cli('invite', 'revoke', '--email', 'nobody@example.cn')).toMatchObject({ code: 1, err: 'No contact has the email nobody@example.cn.' });
    expect(await cli('invite', 'revoke', '--case', 'CN-2026-0001', '--email', 'zhang.wei@example.cn')).toMatchObject({ code: 0, out: 'Open invitations revoked: 2; chats unlinked: 0.' });
    expect(await cli('invite', 'revoke', '--email', 'zhang.wei@example.cn', '--json')).toMatchObject({ code: 0, out: '{"revoked":0,"unbound":0}' });
  });
});
