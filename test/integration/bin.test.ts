// The installed command as an operator runs it: a separate process through bin/certbell.js.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const root = fileURLToPath(new URL('../..', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'certbell-bin-'));
const env = { ...process.env, DATABASE_URL: `file:${join(dir, 'c.db')}`, LANG: 'en_US.UTF-8', CERTBELL_LANG: 'en' };

async function certbell(...args: string[]) {
  try {
    const { stdout, stderr } = await run(process.execPath, [join(root, 'bin/certbell.js'), ...args], { env, cwd: root });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('bin/certbell.js', () => {
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('imports and plans in a real process, and exits 1 with the reason on bad input', { timeout: 90_000 }, async () => {
    expect(await certbell('import', 'test/fixtures/cases.json')).toMatchObject({ code: 0, stdout: 'Imported test/fixtures/cases.json: 5 new, 0 extended, 0 changed, 0 unchanged.\n' });
    const plan = await certbell('plan', '--as-of', '2026-11-21', '--within', '7', '--json');
    expect(plan.code).toBe(0);
    expect((JSON.parse(plan.stdout) as { obligations: { caseRef: string }[] }).obligations.map((o) => o.caseRef)).toEqual([
      'WA-2024-0007',
      'WA-2024-0007',
      'WA-2024-0007',
      'CN-2026-0003',
    ]);
    expect(await certbell('plan', '--as-of', '2026-02-30')).toMatchObject({
      code: 1,
      stdout: '',
      stderr: '"2026-02-30" is not a valid date; write it as YYYY-MM-DD (for example 2026-03-31).\n',
    });
  });

  it('refuses a malformed configuration without starting, naming the variable', async () => {
    const result = await run(process.execPath, [join(root, 'bin/certbell.js'), 'plan'], { env: { ...env, CERTBELL_TIMEZONE: 'Mars/Olympus' }, cwd: root }).catch(
      (e: { code: number; stderr: string }) => e,
    );
    expect(result).toMatchObject({ code: 3, stderr: 'The configuration is not valid: CERTBELL_TIMEZONE: not a known IANA time zone\n' });
  });
});
