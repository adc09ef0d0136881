// The real service process (`tsx src/main.ts`) as the operations tests start it: a bare environment
// (PATH, HOME, UTC, English) and what the test adds, its output kept, and a way to wait for what it logs.
import { spawn } from 'node:child_process';
import type { ChildProcessByStdio } from 'node:child_process';
import type { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));

export interface ServiceProcess {
  readonly child: ChildProcessByStdio<null, Readable, Readable>;
  /** Settles with the exit code once the process has exited. */
  readonly exited: Promise<number | null>;
  stdout(): string;
  /** stdout and stderr, for a failure message or a search for what must not be logged. */
  output(): string;
  /** Resolves once `found` finds something in stdout; rejects with the output if the process exits first. */
  logged<T>(found: (stdout: string) => T | null | undefined): Promise<T>;
  /** Kills the process if it still runs and waits for it to exit. */
  kill(): Promise<void>;
}

export function startService(env: Readonly<Record<string, string>>): ServiceProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: root,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, TZ: 'UTC', CERTBELL_LANG: 'en', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return {
    child,
    exited,
    stdout: () => stdout,
    output: () => stdout + stderr,
    logged: (found) =>
      new Promise((resolve, reject) => {
        const timer = setInterval(() => {
          const value = found(stdout);
          if (value !== null && value !== undefined) {
            clearInterval(timer);
            resolve(value);
          } else if (child.exitCode !== null) {
            clearInterval(timer);
            reject(new Error(`the service exited with ${child.exitCode}:\n${stdout}\n${stderr}`));
          }
        }, 50);
      }),
    async kill() {
      if (child.exitCode === null) child.kill('SIGKILL');
      await exited;
    },
  };
}

/** The operator's listener's address (host:port), once the service has logged it. */
export const opsAddress = (stdout: string) => /"address":"(127\.0\.0\.1:\d+)","msg":"Operations endpoints/.exec(stdout)?.[1];
