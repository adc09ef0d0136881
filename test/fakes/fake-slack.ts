// A local stand-in for Slack's Web API on 127.0.0.1, so that bolt's and @slack/web-api's real clients
// can be exercised without the network: `clientOptions: { slackApiUrl: fake.apiUrl }`. It follows the
// wire format of https://api.slack.com/web (POST /api/<method>, form-encoded or JSON bodies, a Bearer
// token, `{ ok, error }` answers, HTTP 429 with Retry-After) for the methods certbell calls, and
// records every call.
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
    const fault = this.faults.get(method)?.shift();
    if (fault && 'status' in fault) return answer(429, { ok: false, error: 'ratelimited' }, { 'retry-after': String(fault.retryAfter) });
    if (fault) return answer(200, { ok: false, error: fault.error });
    switch (method) {
      case 'auth.test':
        return answer(200, { ok: true, url: 'https://certbody.slack.com/', team: 'Cert body', user: 'certbell', team_id: 'T0001', user_id: 'U0BOT', bot_id: 'B0BOT' });
      case 'chat.postMessage': {
        const channel = String(params.channel ?? '');
        if (!channel) return answer(200, { ok: false, error: 'channel_not_found' });
        const ts = `1700000000.${String(this.nextTs++).padStart(6, '0')}`;
        const version = { text: String(params.text ?? ''), blocks: (params.blocks as unknown[]) ?? [] };
        this.messages.push({ channel, ts, ...version, versions: [version] });
        return answer(200, { ok: true, channel, ts, message: { text: version.text, ts } });
      }
      case 'chat.update': {
        const found = this.message(String(params.channel), String(params.ts));
        if (!found) return answer(200, { ok: false, error: 'message_not_found' });
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
