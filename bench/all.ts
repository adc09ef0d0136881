// `npm run bench`: runs each benchmark in a process of its own (so that peak memory is its own),
// shows their detailed tables as they come, and ends with ONE summary table. Each script prints its
// figures as a JSON line when BENCH_JSON=1; bench/telegram.ts prints a table, read from its output.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';

interface PlanRow { database: string; cases: number; obligations: number; rawMs: number; planMs: number; planPeakRssMb: number }
interface SweepRow { database: string; cases: number; dailyMs: number; firstMs: number; firstEnqueued: number }
interface Dispatch { messages: number; perSecond: number; rejected: number }
interface Digests { digests: number; perSecond: number; peakRssMb: number }
interface Telegram { cases: number; medianMs: number; p99Ms: number; perSecond: number }

/** Runs one script, echoing its output but for the figures line(s), which are returned. */
function run(script: string): Promise<{ figures: Record<string, unknown>[]; output: string; code: number | null }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, script)], { env: { ...process.env, BENCH_JSON: '1' }, stdio: ['ignore', 'pipe', 'inherit'] });
    const figures: Record<string, unknown>[] = [];
    let output = '';
    let pending = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      pending += chunk;
      for (let end = pending.indexOf('\n'); end >= 0; end = pending.indexOf('\n')) {
        const line = pending.slice(0, end);
        pending = pending.slice(end + 1);
        if (line.startsWith('{"bench":')) figures.push(JSON.parse(line) as Record<string, unknown>);
        else {
          output += `${line}\n`;
          console.log(line);
        }
      }
    });
    child.on('exit', (code) => resolve({ figures, output, code }));
  });
}

/** bench/telegram.ts prints a header row naming "/status median ms", then cases, chats, median, p99, updates/s, target. */
function telegramFigures(output: string): Telegram | null {
  const lines = output.split('\n');
  const header = lines.findIndex((line) => line.includes('/status median ms'));
  const cells = header >= 0 ? (lines[header + 1] ?? '').trim().split(/\s+/) : [];
  if (cells.length < 5) return null;
  const [cases, , median, p99, perSecond] = cells.map(Number);
  return [cases, median, p99, perSecond].every((n) => Number.isFinite(n)) ? { cases: cases!, medianMs: median!, p99Ms: p99!, perSecond: perSecond! } : null;
}

const started = performance.now();
const failures: string[] = [];
const figuresOf = async (script: string) => {
  const result = await run(script);
  if (result.code !== 0) failures.push(`${script} exited with ${result.code}`);
  return result;
};
const plan = (await figuresOf('run.ts')).figures.find((f) => f.bench === 'plan') as { rows: PlanRow[] } | undefined;
const reminders = (await figuresOf('reminders.ts')).figures.find((f) => f.bench === 'reminders') as { sweeps: SweepRow[]; dispatch: Dispatch | null; peakRssMb: number } | undefined;
const telegramScript = join(import.meta.dirname, 'telegram.ts');
const telegramRun = existsSync(telegramScript) ? await figuresOf('telegram.ts') : null;
const telegram = telegramRun ? telegramFigures(telegramRun.output) : null;
const digests = (await figuresOf('digests.ts')).figures.find((f) => f.bench === 'digests') as Digests | undefined;

const ms = (n: number) => (n >= 100 ? n.toFixed(0) : n.toFixed(1));
const count = (n: number) => n.toLocaleString('en-US');
const table: string[][] = [['measure', 'database', 'cases', 'figure', 'raw SQL read of the same rows', 'ratio', 'peak RSS MB']];
for (const p of plan?.rows ?? []) {
  table.push(['plan (every open obligation)', p.database, count(p.cases), `${ms(p.planMs)} ms`, `${ms(p.rawMs)} ms`, `${(p.planMs / p.rawMs).toFixed(2)}×`, p.planPeakRssMb.toFixed(0)]);
  for (const s of reminders?.sweeps.filter((s) => s.database === p.database && s.cases === p.cases) ?? []) {
    table.push(['daily reminder sweep', s.database, count(s.cases), `${ms(s.dailyMs)} ms`, `${ms(p.rawMs)} ms`, `${(s.dailyMs / p.rawMs).toFixed(2)}×`, '']);
    table.push([`first sweep after import (${count(s.firstEnqueued)} enqueued)`, s.database, count(s.cases), `${ms(s.firstMs)} ms`, `${ms(p.rawMs)} ms`, `${(s.firstMs / p.rawMs).toFixed(2)}×`, '']);
  }
}
// Not a service figure: that process also generates, seeds and recomputes the cases for both databases.
if (reminders) table.push(['(whole sweep bench process, seeding included)', '', '', '', '', '', reminders.peakRssMb.toFixed(0)]);
table.push(
  telegram
    ? ['Telegram /status: median, p99; updates/s', 'sqlite', count(telegram.cases), `${telegram.medianMs} ms, ${telegram.p99Ms} ms; ${telegram.perSecond}/s`, '', '', '']
    : ['Telegram /status', '', '', telegramRun ? 'bench/telegram.ts printed no figures' : 'not measured: bench/telegram.ts is not there yet', '', '', ''],
);
if (reminders?.dispatch) {
  const d = reminders.dispatch;
  table.push(['dispatcher → fake Bot API (30/s, 1/s per chat)', 'sqlite', `${count(d.messages)} msgs`, `${d.perSecond.toFixed(1)} msg/s, ${d.rejected} × 429`, '', `${((d.perSecond / 30) * 100).toFixed(0)}% of limit`, '']);
}
if (digests) table.push(['digest rendering (text, HTML, .ics)', '', `${count(digests.digests)} digests`, `${count(digests.perSecond)} digests/s`, '', '', digests.peakRssMb.toFixed(0)]);
const peaks = [...(plan?.rows.map((p) => p.planPeakRssMb) ?? []), digests?.peakRssMb ?? 0];
table.push(['peak memory of a plan or digest run', '', '', '', '', '', Math.max(...peaks).toFixed(0)]);

const widths = table[0]!.map((_, i) => Math.max(...table.map((r) => r[i]!.length)));
console.log(`\n== certbell benchmark summary (${cpus().length} × ${cpus()[0]?.model.trim() ?? 'CPU'}, Node ${process.version}, ${((performance.now() - started) / 60_000).toFixed(1)} min) ==`);
for (const r of table) console.log(r.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  '));
for (const failure of failures) console.log(`FAILED: ${failure}`);
if (failures.length) process.exitCode = 1;
