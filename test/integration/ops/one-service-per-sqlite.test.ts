// One SQLite file, one service: a second service on the same file is refused at start-up with a
// translated reason, commands still run beside the first, and a killed service leaves no stale lock.
// The services are the compiled ones (dist/main.js, built by the global set-up), as `npm start` runs.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { runCliCaptured } from '../../support/run-cli.js';

const root = fileURLToPath(new URL('../../..', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'certbell-one-service-'));
const file = join(dir, 'certbell.db');
const running: ChildProcess[] = [];

function startService(lang: 'en' | 'zh-CN') {
  const child = spawn(process.execPath, ['dist/main.js'], {
    cwd: root,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, TZ: 'UTC', DATABASE_URL: `file:${file}`, CERTBELL_LANG: lang, CERTBELL_INSTANCE: `one-${running.length}` },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.push(child);
  let output = '';
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const started = new Promise<void>((resolve, reject) => {
    const poll = setInterval(() => {
      if (output.includes('"msg":"Reminders: daily sweep')) {
        clearInterval(poll);
        resolve();
      }
    }, 50);
    void exited.then((code) => {
      clearInterval(poll);
      reject(new Error(`the service exited with ${code}:\n${output}`));
    });
  });
  started.catch(() => undefined); // a refused service is awaited through `exited`
  return { child, exited, started, output: () => output };
}

describe('one service per SQLite file', () => {
  afterAll(() => {
    for (const child of running) if (child.exitCode === null) child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  });

  it('refuses a second service on the same file, in the operator’s language, while commands run beside the first', async () => {
    const first = startService('en');
    await first.started;

    const second = startService('en');
    expect(await second.exited).toBe(1);
    expect(second.output()).toContain(`Another certbell service is already running on ${file}.`);
    const chinese = startService('zh-CN');
    expect(await chinese.exited).toBe(1);
    expect(chinese.output()).toContain(`已有另一个 certbell 服务在使用 ${file}。`);

    // A command beside the running service reads and writes as usual.
    const env = { DATABASE_URL: `file:${file}`, CERTBELL_LANG: 'en', TZ: 'UTC' };
    expect(await runCliCaptured(['import', 'test/fixtures/cases.json'], env)).toMatchObject({ code: 0 });
    expect((await runCliCaptured(['plan', '--as-of', '2026-11-21', '--json'], env)).code).toBe(0);
    expect(first.child.exitCode).toBeNull();

    // Killed without a chance to clean up, the first service leaves nothing that stops the next one.
    first.child.kill('SIGKILL');
    await first.exited;
    const next = startService('en');
    await next.started;
    next.child.kill('SIGTERM');
    expect(await next.exited).toBe(0);
  }, 300_000);
});
