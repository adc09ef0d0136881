// Whole commands as a user runs them: each in a fresh process, its output written to a file, timed
// from spawn to exit, with the process's peak memory (GNU time's maximum resident set size). A figure
// and its baseline (the database's own client doing the same read or load) run in turn, run by run.
import { spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface Sample {
  readonly ms: number;
  readonly peakMb: number;
}

export interface Command {
  readonly cmd: string;
  readonly args: readonly string[];
  readonly env?: Readonly<Record<string, string>>;
  /** Where the command's standard output is written (default /dev/null). */
  readonly out?: string;
  readonly stdin?: string;
  readonly cwd?: string;
}

/** A command still running after this long is stopped and counts as failed (BENCH_TIMEOUT_S, default 900). */
const TIMEOUT_MS = Number(process.env.BENCH_TIMEOUT_S ?? 900) * 1000;

let counter = 0;

/** Runs a command once; fails with its error output when it exits non-zero. */
export async function measure(command: Command): Promise<Sample> {
  const timeFile = join(tmpdir(), `certbell-bench-time-${process.pid}-${counter++}`);
  const out = createWriteStream(command.out ?? '/dev/null');
  await new Promise((resolve) => out.once('open', resolve));
  let stderr = '';
  const started = process.hrtime.bigint();
  const code = await new Promise<number | null>((resolve, reject) => {
    const child = spawn('/usr/bin/time', ['-f', '%M', '-o', timeFile, command.cmd, ...command.args], {
      cwd: command.cwd,
      env: { ...process.env, ...command.env },
      stdio: [command.stdin === undefined ? 'ignore' : 'pipe', out, 'pipe'],
    });
    if (command.stdin !== undefined) child.stdin!.end(command.stdin);
    const timer = setTimeout(() => {
      stderr += `\ntimed out after ${TIMEOUT_MS / 1000} s`;
      child.kill('SIGKILL');
    }, TIMEOUT_MS);
    child.on('exit', () => clearTimeout(timer));
    child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('exit', resolve);
  });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  out.close();
  const peakKb = Number((await readFile(timeFile, 'utf8').catch(() => '')).trim().split('\n').at(-1));
  await rm(timeFile, { force: true });
  if (code !== 0) throw new Error(`${command.cmd} ${command.args.join(' ')} exited with ${code}:\n${stderr.slice(-2000)}`);
  return { ms, peakMb: peakKb / 1024 };
}

export interface Stats {
  readonly median: number;
  readonly min: number;
  readonly max: number;
}

export function stats(values: readonly number[]): Stats {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  const median = sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  return { median, min: sorted[0]!, max: sorted.at(-1)! };
}

export interface Paired {
  readonly a: { readonly ms: Stats; readonly peakMb: Stats };
  readonly b: { readonly ms: Stats; readonly peakMb: Stats };
  /** Median of the run-by-run ratios a/b. */
  readonly ratio: Stats;
  readonly runs: number;
}

/**
 * A and B in turn, `runs` times (A B, B A, A B… so that neither always goes first); `prepare` runs
 * before each of them, untimed (a fresh database for a load, say).
 */
export async function paired(
  runs: number,
  a: () => Promise<Sample>,
  b: () => Promise<Sample>,
  prepare: { a?: () => Promise<void>; b?: () => Promise<void> } = {},
): Promise<Paired> {
  const as: Sample[] = [];
  const bs: Sample[] = [];
  for (let i = 0; i < runs; i++) {
    const order = i % 2 === 0 ? (['a', 'b'] as const) : (['b', 'a'] as const);
    for (const which of order) {
      await prepare[which]?.();
      if (which === 'a') as.push(await a());
      else bs.push(await b());
    }
  }
  return {
    a: { ms: stats(as.map((s) => s.ms)), peakMb: stats(as.map((s) => s.peakMb)) },
    b: { ms: stats(bs.map((s) => s.ms)), peakMb: stats(bs.map((s) => s.peakMb)) },
    ratio: stats(as.map((s, i) => s.ms / bs[i]!.ms)),
    runs,
  };
}

export const fmtMs = (ms: number) => (ms >= 10_000 ? `${(ms / 1000).toFixed(1)} s` : ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(0)} ms`);
export const fmtRange = (s: Stats, f: (n: number) => string) => `${f(s.median)} (${f(s.min)}–${f(s.max)})`;
