// Importing from the console over HTTP on both databases, with real multipart uploads: a dry run
// first (new cases, extended histories, conflicts with their reasons, row problems), then "Apply"
// writes exactly the previewed file, once, for the session that previewed it. Bad files get a
// translated reason and nothing is stored; too large a file is refused before it is kept.
import { readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { closeConsole, signedInConsole, csrfOf, signIn, type WebClient, type WebWorld } from '../../support/web-world.js';

vi.setConfig({ testTimeout: 120_000, hookTimeout: 180_000 });

const STAFF = 'wang.fang@certbody.example.cn';
const ZH_STAFF = 'zhao.min@certbody.example.cn';

function casesFile(cases: object[]): string {
  return JSON.stringify({ cases });
}
const newCase = (ref: string, date: string) => ({
  ref,
  scheme: 'cnce-ns',
  organization: { name: `${ref} 测试单位有限公司`, province: '湖北' },
  serviceType: 'risk-assessment',
  level: 2,
  contacts: [],
  events: [{ type: 'materials-received', date }],
});
/** CN-2026-0002 as the fixture has it, but at level 2 (it is stored at level 1). */
const releveled = {
  ref: 'CN-2026-0002',
  scheme: 'cnce-ns',
  organization: { name: '天津盾安信息技术有限公司', province: '天津' },
  serviceType: 'design-integration',
  level: 2,
  contacts: [{ name: 'Li Lei', email: 'lilei@dunan.example.cn', locale: 'en' }],
  events: [
    { type: 'application-submitted', date: '2026-11-10' },
    { type: 'materials-received', date: '2026-11-16' },
  ],
};
/** Uploads kept for an Apply, in every console's temporary folder. */
async function keptUploads(): Promise<number> {
  const roots = (await readdir(tmpdir())).filter((d) => d.startsWith('certbell-import-'));
  const counts = await Promise.all(roots.map(async (root) => (await readdir(join(tmpdir(), root)).catch(() => [])).length));
  return counts.reduce((n, c) => n + c, 0);
}
const uploadIdOn = (text: string) => /name="upload" value="([^"]+)"/.exec(text)?.[1] ?? null;

describe.each(['sqlite', 'postgres'] as const)('importing from the console on %s', (kind) => {
  let world: WebWorld;
  let client: WebClient;
  beforeAll(async () => {
    ({ world, client } = await signedInConsole(kind, [STAFF, [ZH_STAFF, 'zh-CN']]));
  });
  afterAll(() => closeConsole(world));

  const caseCount = () => world.runtime.db.prisma.case.count();
  const upload = async (name: string, content: string | Uint8Array, fields: Record<string, string> = {}, as = client) => {
    const form = await as.get('/import');
    expect(form.status).toBe(200);
    return as.postMultipart('/import', { _csrf: csrfOf(form.text), ...fields }, { name, content });
  };

  it('shows a dry run of new cases and extended histories, writes nothing until Apply, then applies that file once', async () => {
    const before = await caseCount();
    const extended = { ...releveled, level: 1, events: [...releveled.events, { type: 'application-accepted', date: '2026-11-20' }] };
    const preview = await upload('new.json', casesFile([newCase('CN-2026-7001', '2026-11-02'), newCase('CN-2026-7002', '2026-11-03'), extended]));
    expect(preview.status).toBe(200);
    expect(preview.text).toContain('new.json: 2 new cases, 1 with a longer history, 0 changed, 0 unchanged.');
    expect(preview.text).toContain('CN-2026-7001');
    expect(preview.text).toMatch(/CN-2026-0002<\/td><td>cases\[2\]<\/td><td>[^<]*2026-11-20/);
    expect(await caseCount()).toBe(before);
    const id = uploadIdOn(preview.text)!;
    expect(id).toMatch(/^[A-Za-z0-9_-]{22}$/);

    const applied = await client.post('/import/apply', { _csrf: csrfOf(preview.text), upload: id });
    expect(applied.status).toBe(200);
    expect(applied.text).toContain('new.json is imported: 2 new cases, 1 with a longer history, 0 changed, 0 unchanged.');
    expect(await caseCount()).toBe(before + 2);
    const audit = await world.runtime.db.prisma.auditEntry.findMany({ where: { subject: { in: ['CN-2026-7001', 'CN-2026-0002'] } } });
    expect(audit.length).toBeGreaterThan(0);
    expect(audit.every((a) => a.actor === `web:${STAFF}` || a.actor === 'test')).toBe(true);
    expect(audit.some((a) => a.subject === 'CN-2026-7001' && a.actor === `web:${STAFF}`)).toBe(true);
    // Applied once: the upload is gone, and a second Apply writes nothing.
    const twice = await client.post('/import/apply', { _csrf: csrfOf(preview.text), upload: id });
    expect(twice.status).toBe(410);
    expect(twice.text).toContain('This check is no longer available');
    expect(await caseCount()).toBe(before + 2);
  });

  it('lists a conflict with its reason and offers no Apply; with "apply changes" the change is previewed and applied', async () => {
    const conflict = await upload('relevel.json', casesFile([releveled]));
    expect(conflict.status).toBe(422);
    expect(conflict.text).toContain('Case CN-2026-0002: the file gives the level &quot;2&quot; but the stored case has &quot;1&quot;.');
    expect(conflict.text).toContain('Apply changes to stored cases');
    expect(uploadIdOn(conflict.text)).toBeNull();

    const changing = await upload('relevel.json', casesFile([releveled]), { applyChanges: 'yes' });
    expect(changing.status).toBe(200);
    expect(changing.text).toContain('0 new cases, 0 with a longer history, 1 changed');
    expect(changing.text).toContain('level: 1 → 2');
    const applied = await client.post('/import/apply', { _csrf: csrfOf(changing.text), upload: uploadIdOn(changing.text)! });
    expect(applied.status).toBe(200);
    expect((await world.runtime.db.prisma.case.findFirst({ where: { ref: 'CN-2026-0002' } }))?.level).toBe(2);
  });

  it('refuses bad files with a translated reason and keeps nothing', async () => {
    const before = await caseCount();
    const keptBefore = await keptUploads();
    const badJson = await upload('broken.json', '{"cases": [');
    expect(badJson.status).toBe(400);
    expect(badJson.text).toContain('broken.json: not valid JSON');
    const wrongType = await upload('notes.txt', 'hello');
    expect(wrongType.status).toBe(400);
    expect(wrongType.text).toContain('notes.txt: certbell imports .json, .csv and .xlsx files.');
    const badXlsx = await upload('register.xlsx', 'not a spreadsheet');
    expect(badXlsx.status).toBe(422);
    expect(badXlsx.text).toContain('register.xlsx');
    const rows = [
      'ref,scheme,organization,province,service_type,level,certificate_no,issue_date,expiry,last_inspection_or_audit,contact_name,email,locale',
      'CN-B-1,cnce-ns,好公司,北京,risk-assessment,2,CNCE-NS-2025-0009,2025-04-01,,,,,',
      'CN-B-2,cnce-ns,坏日期公司,北京,risk-assessment,2,CNCE-NS-2025-0010,2025-02-30,,,,,',
    ].join('\n');
    const badRows = await upload('register.csv', rows);
    expect(badRows.status).toBe(422);
    expect(badRows.text).toContain('&quot;2025-02-30&quot; is not a valid date');
    expect(badRows.text).toContain('line 3');
    expect(uploadIdOn(badRows.text)).toBeNull();
    // GB18030 text with a byte (0xFF) that no GB18030 sequence has, in its second line.
    const header = rows.slice(0, rows.indexOf('\n') + 1);
    const undecodable = new Uint8Array(Buffer.concat([Buffer.from(header, 'utf8'), Buffer.from([0xc4, 0xe3, 0xff]), Buffer.from(rows.slice(header.length), 'utf8')]));
    const binary = await upload('binary.csv', undecodable);
    expect(binary.status).toBe(422);
    expect(binary.text).toContain('line 2 cannot be read as gb18030');
    expect(uploadIdOn(binary.text)).toBeNull();
    const none = await client.postMultipart('/import', { _csrf: csrfOf((await client.get('/import')).text) }, null);
    expect(none.status).toBe(400);
    expect(none.text).toContain('Choose a file to upload.');
    expect(await caseCount()).toBe(before);
    expect(await keptUploads()).toBe(keptBefore);

    const zh = await signIn(world, ZH_STAFF);
    const zhBad = await upload('坏.json', '{', {}, zh);
    expect(zhBad.text).toContain('坏.json：不是有效的 JSON');
  });

  it("applies only the session's own, unchanged upload, and refuses an oversized or session-less upload before keeping it", async () => {
    const preview = await upload('one.json', casesFile([newCase('CN-2026-7101', '2026-11-04')]));
    const id = uploadIdOn(preview.text)!;
    const other = await signIn(world, STAFF);
    const stolen = await other.post('/import/apply', { _csrf: csrfOf((await other.get('/import')).text), upload: id });
    expect(stolen.status).toBe(410);

    // The kept file changed after its dry run: it is not applied.
    const roots = (await readdir(tmpdir())).filter((d) => d.startsWith('certbell-import-'));
    let tampered = false;
    for (const root of roots) {
      const files = await readdir(join(tmpdir(), root, id)).catch(() => []);
      if (files[0]) {
        await writeFile(join(tmpdir(), root, id, files[0]), casesFile([newCase('CN-2026-7666', '2026-11-04')]));
        tampered = true;
      }
    }
    expect(tampered).toBe(true);
    const before = await caseCount();
    const refused = await client.post('/import/apply', { _csrf: csrfOf(preview.text), upload: id });
    expect(refused.status).toBe(410);
    expect(await caseCount()).toBe(before);

    const big = await upload('big.csv', new Uint8Array(21 * 1024 * 1024).fill(0x41));
    expect(big.status).toBe(413);
    expect(big.text).toContain('What was sent is too large.');

    const stranger = world.client();
    const anonymous = await stranger.postMultipart('/import', { _csrf: 'x' }, { name: 'a.json', content: casesFile([newCase('CN-2026-7201', '2026-11-04')]) });
    expect(anonymous.status).toBe(403);
    expect(await caseCount()).toBe(before);
  });
});
