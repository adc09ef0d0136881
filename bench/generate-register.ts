// Writes a realistic certificate register (the CSV format of README "Importing") of N rows, for the
// import benchmark and for tests that need a register of some size:
//
//   tsx bench/generate-register.ts 100000 /tmp/register.csv [--seed 7] [--prefix R] [--encoding utf8|utf8-bom|utf16le|gb18030]
//
// Rows mix both schemes (CN-1/CN-2 levels and service types, WA-1 levels), certificates issued over
// four years with and without a printed expiry, with and without a last inspection or surveillance
// audit (CN-12, WA-4/WA-5), organisations holding several certificates (WA-6 groups), and Chinese
// and English contacts. Every history folds, and every date lies before `--today` (default
// 2026-11-20), so the whole file imports. The same seed always writes the same file.
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import iconv from 'iconv-lite';
import { addDays, addMonths, compareDates } from '../src/domain/calendar/calendar-date.js';

export const registerHeader = 'ref,scheme,organization,province,service_type,level,certificate_no,issue_date,expiry,last_inspection_or_audit,contact_name,email,locale';

export interface RegisterOptions {
  readonly seed?: number;
  /** Distinguishes the refs and certificate numbers of registers that go into one database. */
  readonly prefix?: string;
  /** No date in the register lies on or after this day. */
  readonly today?: string;
}

const provinces = ['北京', '上海', '广东', '浙江', '江苏', '四川', '湖北', '山东', '福建', '陕西'];
const cities = ['北京', '上海', '广州', '深圳', '杭州', '南京', '成都', '武汉', '济南', '厦门', '西安'];
const trades = ['安信', '网盾', '天融', '云锋', '数安', '恒信', '启明', '华御', '中科', '智网'];
const kinds = ['网络科技有限公司', '信息安全技术有限公司', '网络安全服务有限公司', '数据科技股份有限公司'];
const surnames = ['王', '李', '张', '刘', '陈', '杨', '黄', '赵', '吴', '周', '徐', '孙'];
const given = ['伟', '芳', '娜', '敏', '静', '磊', '洋', '勇', '艳', '杰', '涛', '明', '超', '秀英', '建国'];
const english = ['Wei Zhang', 'Anna Li', 'John Smith', 'Mei Chen', 'David Wang'];

/** A deterministic pseudo-random sequence, so that every run writes the same register. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

function csvField(value: string): string {
  return /[",\n\r]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** The register's rows, header first, one string each (no line ends). */
export function* registerLines(count: number, options: RegisterOptions = {}): Generator<string> {
  const next = random(options.seed ?? 20261120);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)]!;
  const prefix = options.prefix ?? 'R';
  const today = options.today ?? '2026-11-20';
  yield registerHeader;
  let organization = '';
  let province = '';
  let orgNo = 0;
  for (let i = 0; i < count; i++) {
    // About one organisation per 1.5 certificates, so that WA-6 groups occur.
    if (i === 0 || next() < 0.67) {
      orgNo++;
      organization = next() < 0.05 ? `Acme Security ${orgNo}, Ltd` : `${pick(cities)}${pick(trades)}${kinds[orgNo % kinds.length]}（${orgNo}）`;
      province = next() < 0.1 ? '' : pick(provinces);
    }
    const wal = next() < 0.4;
    const scheme = wal ? 'wal' : 'cnce-ns';
    const level = wal ? 1 + Math.floor(next() * 4) : 1 + Math.floor(next() * 3);
    const serviceType = wal ? '' : next() < 0.5 ? 'risk-assessment' : 'design-integration';
    // Issued between 2022-12 and about two months before today: some certificates have lapsed.
    const issued = addDays('2022-12-01', Math.floor(next() * 1400));
    const ref = `${wal ? 'WA' : 'CN'}-${prefix}-${String(i + 1).padStart(6, '0')}`;
    const certificateNo = `${wal ? 'WAL' : 'CNCE-NS'}-${issued.slice(0, 4)}-${prefix}${String(i + 1).padStart(6, '0')}`;
    const expiry = next() < 0.3 ? addDays(addMonths(issued, 36), -1) : '';
    let last = '';
    const lastDraw = next();
    if (lastDraw < 0.55) {
      // CN-12: the annual inspection a month before the anniversary; WA-4: the audit within the year.
      const candidate = wal ? addDays(issued, 300 + Math.floor(next() * 60)) : addDays(addMonths(issued, 12), -Math.floor(next() * 28) - 1);
      if (compareDates(candidate, today) < 0) last = candidate;
    }
    const chinese = next() < 0.85;
    const contact = chinese ? `${pick(surnames)}${pick(given)}` : pick(english);
    const email = next() < 0.08 ? '' : `contact.${prefix.toLowerCase()}${i + 1}@example.cn`;
    const row = [ref, scheme, organization, province, serviceType, String(level), certificateNo, issued, expiry, last, email ? contact : '', email, email ? (chinese ? 'zh-CN' : 'en') : ''];
    yield row.map(csvField).join(',');
  }
}

export type RegisterEncoding = 'utf8' | 'utf8-bom' | 'utf16le' | 'gb18030';

/** Writes the register to a file in the given encoding (UTF-16 always with its byte-order mark). */
export async function writeRegister(file: string, count: number, options: RegisterOptions & { encoding?: RegisterEncoding } = {}): Promise<void> {
  const encoding = options.encoding ?? 'utf8';
  const out = createWriteStream(file);
  const encode = (text: string) => (encoding === 'gb18030' ? iconv.encode(text, 'gb18030') : Buffer.from(text, encoding === 'utf16le' ? 'utf16le' : 'utf8'));
  if (encoding === 'utf8-bom') out.write(Buffer.from([0xef, 0xbb, 0xbf]));
  if (encoding === 'utf16le') out.write(Buffer.from([0xff, 0xfe]));
  let batch: string[] = [];
  const flush = async () => {
    if (!out.write(encode(`${batch.join('\r\n')}\r\n`))) await once(out, 'drain');
    batch = [];
  };
  for (const line of registerLines(count, options)) {
    batch.push(line);
    if (batch.length >= 2_000) await flush();
  }
  if (batch.length) await flush();
  out.end();
  await once(out, 'finish');
}

function option(argv: readonly string[], name: string): string | undefined {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : undefined;
}

if (process.argv[1] && realpathSync(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const argv = process.argv.slice(2);
  const [countText, file] = argv.filter((a, i) => !a.startsWith('--') && !argv[i - 1]?.startsWith('--'));
  const count = Number(countText);
  if (!file || !Number.isSafeInteger(count) || count < 1) {
    console.error('usage: tsx bench/generate-register.ts ROWS FILE [--seed N] [--prefix P] [--today YYYY-MM-DD] [--encoding utf8|utf8-bom|utf16le|gb18030]');
    process.exit(2);
  }
  const seed = option(argv, '--seed');
  const prefix = option(argv, '--prefix');
  const today = option(argv, '--today');
  const encoding = option(argv, '--encoding') as RegisterEncoding | undefined;
  await writeRegister(file, count, { ...(seed ? { seed: Number(seed) } : {}), ...(prefix ? { prefix } : {}), ...(today ? { today } : {}), ...(encoding ? { encoding } : {}) });
  console.log(`${file}: ${count} rows`);
}
