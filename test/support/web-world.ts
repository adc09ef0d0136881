// The web console over real HTTP on 127.0.0.1 against a real database and the local SMTP stand-in,
// with a clock the test moves, and a small browser-like client (cookie jar, no redirects followed).
import { openImportFile } from '../../src/adapters/import/read-import-file.js';
import { importCases } from '../../src/app/import-cases.js';
import { addStaff } from '../../src/app/console/manage-staff.js';
import { createStaffDirectory } from '../../src/adapters/db/staff-repository.js';
import type { DatabaseKind } from '../../src/adapters/db/database-url.js';
import { translator } from '../../src/adapters/i18n/translator.js';
import type { RunningConsole } from '../../src/adapters/web/console-server.js';
import { buildRuntime, type Runtime } from '../../src/compose/runtime.js';
import { startWebConsole } from '../../src/compose/web.js';
import { parseConfig, type Config } from '../../src/config/index.js';
import { startFakeSmtp, type FakeSmtpServer } from '../fakes/fake-smtp.js';
import { createTestDatabase, type TestDatabase } from './databases.js';
import { freePort } from './free-port.js';

export { freePort };

export interface LogLine {
  readonly level: 'info' | 'warn' | 'error';
  readonly data: object;
  readonly message: string;
}

export interface WebWorld {
  readonly kind: DatabaseKind;
  readonly origin: string;
  readonly smtp: FakeSmtpServer;
  readonly runtime: Runtime;
  readonly logs: LogLine[];
  readonly routes: RunningConsole['routes'];
  /** Moves the console's clock. */
  advance(ms: number): void;
  now(): Date;
  addStaff(email: string, locale?: 'zh-CN' | 'en'): Promise<void>;
  importFixture(path?: string): Promise<void>;
  client(): WebClient;
  close(): Promise<void>;
}

/** The settings of a console on a free port of 127.0.0.1 whose mail goes to the local SMTP stand-in; the database is already migrated. */
export async function consoleConfig(databaseUrl: string, smtp: FakeSmtpServer, env: Readonly<Record<string, string>> = {}): Promise<{ config: Config; origin: string }> {
  const port = await freePort();
  const origin = `http://localhost:${port}`;
  const config = parseConfig({
    DATABASE_URL: databaseUrl,
    SMTP_URL: smtp.url,
    SMTP_FROM: 'certbell <certbell@example.cn>',
    CERTBELL_WEB_PORT: String(port),
    CERTBELL_WEB_HOST: '127.0.0.1',
    CERTBELL_WEB_URL: origin,
    CERTBELL_MIGRATE_ON_START: 'false',
    ...env,
  });
  return { config, origin };
}

export async function createWebWorld(kind: DatabaseKind, startAt: string, env: Readonly<Record<string, string>> = {}): Promise<WebWorld> {
  const database: TestDatabase = await createTestDatabase(kind);
  const smtp = await startFakeSmtp();
  const { config, origin } = await consoleConfig(database.url, smtp, env);
  let now = new Date(startAt).getTime();
  const clock = { now: () => new Date(now) };
  const runtime = await buildRuntime(config, { migrate: false });
  const logs: LogLine[] = [];
  const log = {
    info: (data: object, message: string) => logs.push({ level: 'info', data, message }),
    warn: (data: object, message: string) => logs.push({ level: 'warn', data, message }),
    error: (data: object, message: string) => logs.push({ level: 'error', data, message }),
  };
  const web = (await startWebConsole(config, runtime, log, translator('en'), { clock })) as RunningConsole;
  return {
    kind,
    origin,
    smtp,
    runtime,
    logs,
    routes: web.routes,
    advance: (ms) => {
      now += ms;
    },
    now: clock.now,
    async addStaff(email, locale = 'en') {
      const added = await addStaff({ staff: createStaffDirectory(runtime.db), clock }, { email, locale, actor: 'cli:test' });
      if (!added.ok) throw new Error(added.error.code);
    },
    async importFixture(path = 'test/fixtures/cases.json') {
      const opened = await openImportFile(path);
      if (!opened.ok) throw new Error(opened.error.code);
      const imported = await importCases({ ...runtime.deps, clock }, opened.value, 'test');
      if (!imported.ok) throw new Error(JSON.stringify(imported.error));
    },
    client: () => new WebClient(origin),
    async close() {
      await web.close();
      await runtime.close();
      await smtp.close();
      await database.drop();
    },
  };
}

export interface Page {
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
}

/** Enough of a browser for the tests: keeps cookies, sends Origin on POST, follows nothing by itself. */
export class WebClient {
  readonly cookies = new Map<string, string>();
  constructor(readonly origin: string) {}

  private cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  private keep(response: Response): void {
    for (const line of response.headers.getSetCookie()) {
      const [pair = ''] = line.split(';');
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      if (!value || /max-age=0|expires=thu, 01 jan 1970/i.test(line)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  async get(path: string, headers: Record<string, string> = {}): Promise<Page> {
    const response = await fetch(`${this.origin}${path}`, { redirect: 'manual', headers: { cookie: this.cookieHeader(), ...headers } });
    this.keep(response);
    return { status: response.status, headers: response.headers, text: await response.text() };
  }

  async post(path: string, form: Record<string, string>, headers: Record<string, string> = {}): Promise<Page> {
    const response = await fetch(`${this.origin}${path}`, {
      method: 'POST',
      redirect: 'manual',
      headers: { cookie: this.cookieHeader(), origin: this.origin, 'content-type': 'application/x-www-form-urlencoded', ...headers },
      body: new URLSearchParams(form).toString(),
    });
    this.keep(response);
    return { status: response.status, headers: response.headers, text: await response.text() };
  }

  /** A multipart/form-data POST, as a browser sends a form with a file input (fields first, then the file). */
  async postMultipart(path: string, fields: Record<string, string>, file: UploadFile | null, headers: Record<string, string> = {}): Promise<Page> {
    const body = new FormData();
    for (const [name, value] of Object.entries(fields)) body.append(name, value);
    if (file) body.append('file', new Blob([file.content], { type: file.type ?? 'application/octet-stream' }), file.name);
    const response = await fetch(`${this.origin}${path}`, { method: 'POST', redirect: 'manual', headers: { cookie: this.cookieHeader(), origin: this.origin, ...headers }, body });
    this.keep(response);
    return { status: response.status, headers: response.headers, text: await response.text() };
  }
}

export interface UploadFile {
  readonly name: string;
  readonly content: string | Uint8Array;
  readonly type?: string;
}

/** The CSRF token in a page's forms. */
export function csrfOf(html: string): string {
  const token = /name="_csrf" value="([^"]+)"/.exec(html)?.[1];
  if (!token) throw new Error('no CSRF token on the page');
  return token;
}

/** The sign-in link in the last mail to this address. */
export async function linkMailedTo(smtp: FakeSmtpServer, email: string, timeoutMs = 5_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const mail = smtp.received.filter((m) => m.envelope.to.includes(email)).at(-1);
    const link = mail && /https?:\/\/\S+\/sign-in\/verify\?token=[A-Za-z0-9_%-]+/.exec(mail.mail.text ?? '')?.[0];
    if (link) return link;
    if (Date.now() > deadline) throw new Error(`no sign-in mail reached ${email}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** Signs in to the world's console through the mailed link, as a person would. */
export async function signIn(world: WebWorld, email: string, client = world.client()): Promise<WebClient> {
  return signInThrough(client, world.smtp, email);
}

/** Signs the client in through the link the console mails to `smtp`, waiting for the mail at most `timeoutMs`. */
export async function signInThrough(client: WebClient, smtp: FakeSmtpServer, email: string, timeoutMs = 5_000): Promise<WebClient> {
  const form = await client.get('/sign-in');
  smtp.reset();
  await client.post('/sign-in', { email, _csrf: csrfOf(form.text) });
  const link = await linkMailedTo(smtp, email, timeoutMs);
  const confirm = await client.get(link.slice(client.origin.length));
  const token = /name="token" value="([^"]+)"/.exec(confirm.text)?.[1] ?? '';
  const done = await client.post('/sign-in/verify', { token, _csrf: csrfOf(confirm.text) });
  if (done.status !== 303) throw new Error(`sign-in failed with ${done.status}`);
  return client;
}

/** A member of staff: an email (English), or an email and the console language they chose. */
export type StaffMember = string | readonly [email: string, locale: 'zh-CN' | 'en'];

/** A console at 09:00 on 2026-11-23 with the fixture cases and these members of staff, the first one signed in. */
export async function signedInConsole(kind: DatabaseKind, staff: readonly [StaffMember, ...StaffMember[]], env: Readonly<Record<string, string>> = {}): Promise<{ world: WebWorld; client: WebClient }> {
  const world = await createWebWorld(kind, '2026-11-23T01:00:00Z', env);
  for (const member of staff) await (typeof member === 'string' ? world.addStaff(member) : world.addStaff(...member));
  await world.importFixture();
  const first = staff[0];
  return { world, client: await signIn(world, typeof first === 'string' ? first : first[0]) };
}

/** After a console's tests: closed, once it is known that it logged no error. */
export async function closeConsole(world: WebWorld | undefined): Promise<void> {
  if (!world) return;
  const errors = world.logs.filter((l) => l.level === 'error');
  await world.close();
  if (errors.length) throw new Error(`the console logged errors:\n${errors.map((e) => `${e.message} ${JSON.stringify(e.data)}`).join('\n')}`);
}
