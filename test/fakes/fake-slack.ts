// A local stand-in for Slack's Web API on 127.0.0.1, so that bolt's and @slack/web-api's real clients
// can be exercised without the network: `clientOptions: { slackApiUrl: fake.apiUrl }`. It follows the
// wire format of https://api.slack.com/web (POST /api/<method>, form-encoded or JSON bodies, a Bearer
// token, `{ ok, error }` answers, HTTP 429 with Retry-After) for the methods certbell calls, and
// records every call. It is as strict as Slack where certbell could trip: Block Kit's size limits
// (`invalid_blocks`) on every message, and, once `limitPosts` is called, the per-channel posting rate
// (429 with Retry-After).
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export const FAKE_SLACK_TOKEN = 'xoxb-1111-2222-FakeBotTokenForTests';

export interface RecordedSlackCall {
  readonly method: string;
  readonly params: Record<string, unknown>;
  /** The HTTP status answered. */
  readonly status: number;
}

export type SlackFault = { readonly status: 429; readonly retryAfter: number } | { readonly error: string };

/** Slack's posting rate to one channel: a token every `intervalMs`, at most `burst` saved up. */
export interface PostLimit {
  readonly intervalMs: number;
  readonly burst: number;
  /** The clock the limit is counted on (a test's simulated clock). */
  readonly now: () => number;
}

export interface PostedMessage {
  readonly channel: string;
  readonly ts: string;
  text: string;
  blocks: unknown[];
  /** Every version, the first as posted. */
  readonly versions: { text: string; blocks: unknown[] }[];
}

export class FakeSlack {
  readonly calls: RecordedSlackCall[] = [];
  readonly messages: PostedMessage[] = [];
  readonly groups = new Map<string, string[]>();
  private readonly faults = new Map<string, SlackFault[]>();
  private postLimit: PostLimit | null = null;
  /** Methods answered only after a delay (a slow or hung Slack), in milliseconds. */
  private readonly delays = new Map<string, number>();
  private readonly buckets = new Map<string, { tokens: number; at: number }>();
  private readonly server: Server;
  private nextTs = 1;
  private port = 0;

  constructor(readonly token = FAKE_SLACK_TOKEN) {
    this.server = createServer((req, res) => {
      this.handle(req, res).catch((error: unknown) => {
        console.error('fake Slack failed on a request', error);
        if (!res.headersSent) res.writeHead(500).end();
      });
    });
  }

  /** The Web API base URL to give the client (ends in "/"). */
  get apiUrl(): string {
    return `http://127.0.0.1:${this.port}/api/`;
  }

  async listen(): Promise<void> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', () => resolve()));
    this.port = (this.server.address() as AddressInfo).port;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** The next calls of `method` answer with these faults, in order. */
  fail(method: string, ...faults: SlackFault[]): void {
    this.faults.set(method, [...(this.faults.get(method) ?? []), ...faults]);
  }

  /** From now on, `method` is answered only after `ms` (0 again: at once); the request is recorded when answered. */
  delay(method: string, ms: number): void {
    if (ms > 0) this.delays.set(method, ms);
    else this.delays.delete(method);
  }

  /** From now on, posts to a channel beyond Slack's rate are answered 429 with Retry-After. */
  limitPosts(limit: PostLimit): void {
    this.postLimit = limit;
  }

  /** Seconds to wait before the next post to `channel`, or 0 (and the post is counted). */
  private postWait(channel: string): number {
    const limit = this.postLimit;
    if (!limit) return 0;
    const now = limit.now();
    const bucket = this.buckets.get(channel) ?? { tokens: limit.burst, at: now };
    bucket.tokens = Math.min(limit.burst, bucket.tokens + (now - bucket.at) / limit.intervalMs);
    bucket.at = now;
    this.buckets.set(channel, bucket);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return 0;
    }
    return Math.max(1, Math.ceil(((1 - bucket.tokens) * limit.intervalMs) / 1000));
  }

  callsOf(method: string): RecordedSlackCall[] {
    return this.calls.filter((c) => c.method === method);
  }

  message(channel: string, ts: string): PostedMessage | undefined {
    return this.messages.find((m) => m.channel === channel && m.ts === ts);
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const method = (req.url ?? '').replace(/^\/api\//, '').split('?')[0] ?? '';
    const params = await readParams(req);
    const answer = (status: number, body: Record<string, unknown>, headers: Record<string, string> = {}) => {
      this.calls.push({ method, params, status });
      res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers }).end(JSON.stringify(body));
    };
    const auth = req.headers.authorization ?? (typeof params.token === 'string' ? `Bearer ${params.token}` : '');
    if (auth !== `Bearer ${this.token}`) return answer(200, { ok: false, error: 'invalid_auth' });
    const delayMs = this.delays.get(method);
    if (delayMs) await new Promise((resolve) => setTimeout(resolve, delayMs).unref());
    if (res.destroyed) return;
    const fault = this.faults.get(method)?.shift();
    if (fault && 'status' in fault) return answer(429, { ok: false, error: 'ratelimited' }, { 'retry-after': String(fault.retryAfter) });
    if (fault) return answer(200, { ok: false, error: fault.error });
    switch (method) {
      case 'auth.test':
        return answer(200, { ok: true, url: 'https://certbody.slack.com/', team: 'Cert body', user: 'certbell', team_id: 'T0001', user_id: 'U0BOT', bot_id: 'B0BOT' });
      case 'chat.postMessage': {
        const channel = String(params.channel ?? '');
        if (!channel) return answer(200, { ok: false, error: 'channel_not_found' });
        const invalid = blockKitProblem(params);
        if (invalid) return answer(200, { ok: false, error: 'invalid_blocks', errors: [invalid] });
        const wait = this.postWait(channel);
        if (wait) return answer(429, { ok: false, error: 'ratelimited' }, { 'retry-after': String(wait) });
        const ts = `1700000000.${String(this.nextTs++).padStart(6, '0')}`;
        const version = { text: String(params.text ?? ''), blocks: (params.blocks as unknown[]) ?? [] };
        this.messages.push({ channel, ts, ...version, versions: [version] });
        return answer(200, { ok: true, channel, ts, message: { text: version.text, ts } });
      }
      case 'chat.update': {
        const found = this.message(String(params.channel), String(params.ts));
        if (!found) return answer(200, { ok: false, error: 'message_not_found' });
        const invalid = blockKitProblem(params);
        if (invalid) return answer(200, { ok: false, error: 'invalid_blocks', errors: [invalid] });
        found.text = String(params.text ?? '');
        found.blocks = (params.blocks as unknown[]) ?? [];
        found.versions.push({ text: found.text, blocks: found.blocks });
        return answer(200, { ok: true, channel: found.channel, ts: found.ts, text: found.text });
      }
      case 'chat.postEphemeral':
        if (!params.channel || !params.user) return answer(200, { ok: false, error: 'invalid_arguments' });
        return answer(200, { ok: true, message_ts: `1700000000.${String(this.nextTs++).padStart(6, '0')}` });
      case 'views.open':
        if (!params.trigger_id || !params.view) return answer(200, { ok: false, error: 'invalid_arguments' });
        return answer(200, { ok: true, view: { id: `V${this.calls.length}`, ...(params.view as object) } });
      case 'usergroups.users.list': {
        const users = this.groups.get(String(params.usergroup));
        return users ? answer(200, { ok: true, users }) : answer(200, { ok: false, error: 'no_such_subteam' });
      }
      default:
        return answer(200, { ok: false, error: 'unknown_method' });
    }
  }
}

/**
 * Slack's published Block Kit limits (https://api.slack.com/reference/block-kit/blocks): what it
 * answers `invalid_blocks` for. Null when the message is within them.
 */
export function blockKitProblem(params: Record<string, unknown>): string | null {
  const text = params.text;
  if (typeof text === 'string' && text.length > 40_000) return 'text is over 40,000 characters';
  const blocks = params.blocks;
  if (blocks === undefined) return null;
  if (!Array.isArray(blocks)) return 'blocks is not an array';
  if (blocks.length > 50) return `${blocks.length} blocks, over 50`;
  const over = (what: string, value: unknown, max: number) => (typeof value === 'string' && value.length > max ? `${what} is ${value.length} characters, over ${max}` : null);
  for (const [i, raw] of blocks.entries()) {
    const block = raw as { type?: string; text?: { text?: unknown }; fields?: { text?: unknown }[]; elements?: { type?: string; text?: unknown; value?: unknown }[] };
    const at = `blocks[${i}]`;
    const problem =
      (block.type === 'header' ? over(`${at}.text`, block.text?.text, 150) : null) ??
      (block.type === 'section' ? over(`${at}.text`, block.text?.text, 3000) : null) ??
      (block.fields && block.fields.length > 10 ? `${at} has ${block.fields.length} fields, over 10` : null) ??
      (block.fields ?? []).map((f, k) => over(`${at}.fields[${k}]`, f.text, 2000)).find(Boolean) ??
      (block.type === 'context' ? (block.elements ?? []).map((e, k) => over(`${at}.elements[${k}]`, e.text && typeof e.text === 'string' ? e.text : (e.text as { text?: unknown } | undefined)?.text, 3000)).find(Boolean) : null) ??
      (block.type === 'actions'
        ? (block.elements ?? []).map((e, k) => over(`${at}.elements[${k}].text`, (e.text as { text?: unknown } | undefined)?.text, 75) ?? over(`${at}.elements[${k}].value`, e.value, 2000)).find(Boolean)
        : null);
    if (problem) return problem;
  }
  return null;
}

async function readParams(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const raw = Buffer.concat(chunks).toString('utf8');
  if ((req.headers['content-type'] ?? '').includes('application/json')) return raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
  const params: Record<string, unknown> = {};
  for (const [key, value] of new URLSearchParams(raw)) {
    // The client sends nested structures (blocks, views) as JSON strings inside the form.
    params[key] = /^[[{]/.test(value) ? (JSON.parse(value) as unknown) : value;
  }
  return params;
}

export async function startFakeSlack(token?: string): Promise<FakeSlack> {
  const fake = new FakeSlack(token);
  await fake.listen();
  return fake;
}
