// Server times of the staff web console over a seeded register: the console is started on 127.0.0.1
// the way the service starts it (the real runtime, fastify, the real database), a staff member signs
// in through the mailed link, and each page is fetched as a browser would, timed from request to the
// last byte. Printed as p50, p95 and max per page family.
//
//   tsx bench/web.ts DATABASE_URL [requests per family, default 200]
//
// bench/all.ts calls benchConsole() on the databases it seeds through `certbell import`.
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { addStaff } from '../src/app/console/manage-staff.js';
import { createStaffDirectory } from '../src/adapters/db/staff-repository.js';
import { translator } from '../src/adapters/i18n/translator.js';
import type { RunningConsole } from '../src/adapters/web/console-server.js';
import { buildRuntime } from '../src/compose/runtime.js';
import { startWebConsole } from '../src/compose/web.js';
import { startFakeSmtp } from '../test/fakes/fake-smtp.js';
import { consoleConfig, signInThrough, WebClient } from '../test/support/web-world.js';
import { stats } from './measure.js';
import type { Stats } from './measure.js';
import { errorMessage } from '../src/app/errors.js';

export interface PageFigures {
  readonly page: string;
  readonly requests: number;
  readonly p50: number;
  readonly p95: number;
  readonly max: number;
  readonly target: string;
  readonly met: boolean;
  /** Why the family could not be measured (a page that did not answer 200). */
  readonly failed?: string;
}

const STAFF = 'bench.staff@certbody.example.cn';
const quiet = { info: () => undefined, warn: () => undefined, error: (data: object, message: string) => process.stderr.write(`${message} ${JSON.stringify(data)}\n`) };

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}

/** A small pseudo-random sequence, so that two runs ask for the same pages. */
function picker(seed: number) {
  let state = seed >>> 0;
  return <T>(items: readonly T[]): T => {
    state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0;
    return items[state % items.length]!;
  };
}

export async function benchConsole(databaseUrl: string, requestsPerFamily = 200, asOf = '2026-11-21'): Promise<PageFigures[]> {
  const smtp = await startFakeSmtp();
  const { config, origin } = await consoleConfig(databaseUrl, smtp);
  const clock = { now: () => new Date(`${asOf}T02:00:00Z`) };
  const runtime = await buildRuntime(config, { migrate: false });
  const web = (await startWebConsole(config, runtime, quiet, translator('en'), { clock })) as RunningConsole;
  try {
    await addStaff({ staff: createStaffDirectory(runtime.db), clock }, { email: STAFF, locale: 'zh-CN', actor: 'bench' }).catch(() => undefined);
    const client = await signInThrough(new WebClient(origin), smtp, STAFF, 30_000);

    // What to ask for: refs, names, certificate numbers and addresses that are in the register.
    const first = await client.get('/cases?sort=organization');
    const sample = [...first.text.matchAll(/<a href="\/cases\/([^"?]+)">/g)].map((m) => decodeURIComponent(m[1]!));
    if (!sample.length) throw new Error('the console listed no cases: is the database seeded?');
    const refs: string[] = [];
    for (let page = 1; refs.length < 500 && page <= 40; page += 1) {
      const listed = await client.get(`/cases?page=${page * 37}`);
      refs.push(...[...listed.text.matchAll(/<a href="\/cases\/([^"?]+)">/g)].map((m) => decodeURIComponent(m[1]!)));
    }
    const organizations = [...first.text.matchAll(/<td>([^<]*有限公司[^<]*)<\/td>/g)].map((m) => m[1]!.slice(0, 4));
    const certificates = [...first.text.matchAll(/<td>([A-Z][A-Z0-9-]{6,})<br>/g)].map((m) => m[1]!);
    const pick = picker(7);

    const time = async (path: string): Promise<number> => {
      const started = performance.now();
      const page = await client.get(path);
      const ms = performance.now() - started;
      if (page.status !== 200) throw new Error(`${path} answered ${page.status}`);
      return ms;
    };
    const run = async (paths: () => string, n: number): Promise<number[]> => {
      for (let i = 0; i < 5; i += 1) await time(paths()); // warm-up: prepared statements, caches
      const ms: number[] = [];
      for (let i = 0; i < n; i += 1) ms.push(await time(paths()));
      return ms.sort((a, b) => a - b);
    };
    const listQueries = ['', '?sort=organization', '?sort=due', '?status=overdue', '?status=due-soon', '?status=expired', '?scheme=wal&level=2', '?scheme=cnce-ns&province=%E5%B9%BF%E4%B8%9C', '?page=1000', '?sort=due&status=overdue&page=20'];
    const searches = () => {
      const text = pick([pick(refs).slice(0, 9), pick(organizations), pick(certificates), pick(['@', 'example', 'qq.com', 'zhang'])]);
      return `/cases?q=${encodeURIComponent(text)}`;
    };
    const families: { page: string; paths: () => string; n: number; target: number }[] = [
      { page: 'case list (filters, sorts, pages)', paths: () => `/cases${pick(listQueries)}`, n: requestsPerFamily, target: 150 },
      { page: 'case search (ref, organisation, certificate, email)', paths: searches, n: requestsPerFamily, target: 150 },
      { page: 'a case page', paths: () => `/cases/${encodeURIComponent(pick(refs))}`, n: requestsPerFamily, target: 100 },
      { page: 'Today', paths: () => '/', n: Math.max(20, Math.round(requestsPerFamily / 10)), target: 300 },
    ];
    const figures: PageFigures[] = [];
    for (const family of families) {
      const target = `p95 ≤ ${family.target} ms`;
      try {
        const ms = await run(family.paths, family.n);
        const s: Stats = stats(ms);
        const p95 = percentile(ms, 95);
        figures.push({ page: family.page, requests: ms.length, p50: s.median, p95, max: s.max, target, met: p95 <= family.target });
      } catch (error) {
        figures.push({ page: family.page, requests: 0, p50: Number.NaN, p95: Number.NaN, max: Number.NaN, target, met: false, failed: errorMessage(error) });
      }
    }
    return figures;
  } finally {
    await web.close();
    await runtime.close();
    await smtp.close();
  }
}

export function consoleTable(rows: readonly (PageFigures & { readonly database: string; readonly size: string })[]): string {
  const header = ['console page (server time, 127.0.0.1)', 'database', 'size', 'requests', 'p50', 'p95', 'max', 'target'];
  const cells = (r: (typeof rows)[number]) =>
    r.failed
      ? [r.page, r.database, r.size, '0', `failed: ${r.failed}`, '', '', r.target]
      : [r.page, r.database, r.size, String(r.requests), `${r.p50.toFixed(0)} ms`, `${r.p95.toFixed(0)} ms`, `${r.max.toFixed(0)} ms`, `${r.target}${r.met ? '' : ' (missed)'}`];
  const lines = [header, ...rows.map(cells)].map((c) => `| ${c.join(' | ')} |`);
  lines.splice(1, 0, `|${header.map(() => '---').join('|')}|`);
  return lines.join('\n');
}

if (process.argv[1] && realpathSync(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const url = process.argv[2];
  if (!url) throw new Error('usage: tsx bench/web.ts DATABASE_URL [requests per family]');
  const figures = await benchConsole(url, Number(process.argv[3] ?? 200));
  console.log(consoleTable(figures.map((f) => ({ ...f, database: url.startsWith('file:') ? 'sqlite' : 'postgres', size: '–' }))));
}
