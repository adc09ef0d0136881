// `certbell staff add|remove|list` on both databases: the operator's list of who may sign in to the
// web console, every change audited, bad input refused in words with exit code 1 and nothing written.
import { describe, expect, it } from 'vitest';
import { cliOnFreshDatabase } from '../../support/run-cli.js';

describe.each(['sqlite', 'postgres'] as const)('certbell staff on %s', (kind) => {
  const { cli, db } = cliOnFreshDatabase(kind, {}, 'ops');

  it('adds, lists and removes staff, auditing each change as the operator', async () => {
    expect(await cli('staff', 'list')).toMatchObject({ code: 0, out: 'Nobody is on the staff list yet: certbell staff add EMAIL' });
    expect(await cli('staff', 'add', ' Wang.Fang@CertBody.example.cn ')).toMatchObject({ code: 0, out: 'wang.fang@certbody.example.cn may now sign in to the web console.' });
    expect(await cli('staff', 'add', 'li.na@certbody.example.cn', '--locale', 'en')).toMatchObject({ code: 0 });
    const listed = await cli('staff', 'list', '--json');
    expect(JSON.parse(listed.out)).toEqual([
      { email: 'li.na@certbody.example.cn', locale: 'en', addedAt: expect.any(String), addedBy: 'cli:ops' },
      { email: 'wang.fang@certbody.example.cn', locale: 'zh-CN', addedAt: expect.any(String), addedBy: 'cli:ops' },
    ]);
    expect(await cli('staff', 'remove', 'li.na@certbody.example.cn')).toMatchObject({ code: 0, out: 'li.na@certbody.example.cn was removed; their sessions have ended.' });
    const audit = await db().prisma.auditEntry.findMany({ orderBy: { at: 'asc' } });
    expect(audit.map((a) => [a.actor, a.action, a.subject])).toEqual([
      ['cli:ops', 'staff.add', 'wang.fang@certbody.example.cn'],
      ['cli:ops', 'staff.add', 'li.na@certbody.example.cn'],
      ['cli:ops', 'staff.remove', 'li.na@certbody.example.cn'],
    ]);
  });

  it('refuses a second add, an unknown removal and a malformed address, in the chosen language, writing nothing', async () => {
    const before = await db().prisma.auditEntry.count();
    expect(await cli('staff', 'add', 'wang.fang@certbody.example.cn')).toMatchObject({ code: 1, err: 'wang.fang@certbody.example.cn is already on the staff list.' });
    expect(await cli('staff', 'remove', 'nobody@certbody.example.cn')).toMatchObject({ code: 1, err: 'nobody@certbody.example.cn is not on the staff list.' });
    expect(await cli('--lang', 'zh-CN', 'staff', 'add', 'not-an-address')).toMatchObject({ code: 1, err: '“not-an-address”不是有效的邮箱地址。' });
    expect(await db().prisma.auditEntry.count()).toBe(before);
  });
});
