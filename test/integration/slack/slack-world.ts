// certbell with a real database, a clock the test moves, the real Slack delivery channel and the real
// bolt app (HTTP receiver on 127.0.0.1) talking to a local fake Web API; requests are signed by the test
// as Slack signs them (v0:timestamp:body, HMAC-SHA256).
import { createHmac, randomUUID } from 'node:crypto';
import { afterEach } from 'vitest';
import { packagedHolidayData } from '../../../src/adapters/calendar/holiday-data.js';
import { createCaseRepository } from '../../../src/adapters/db/case-repository.js';
import { createEscalationRepository } from '../../../src/adapters/db/escalation-repository.js';
import { createInboundReceipts } from '../../../src/adapters/db/inbound-receipts.js';
import { createInvitationRepository } from '../../../src/adapters/db/invitation-repository.js';
import { translator } from '../../../src/adapters/i18n/translator.js';
import { createEscalationRenderer } from '../../../src/adapters/slack/escalation-renderer.js';
import { createSlackApp } from '../../../src/adapters/slack/slack-app.js';
import { createSlackBoard, createSlackDelivery } from '../../../src/adapters/slack/slack-web.js';
import type { EscalationDeps } from '../../../src/app/escalation-ports.js';
import { importCases } from '../../../src/app/import-cases.js';
import { sweepEscalations } from '../../../src/app/sweep-escalations.js';
import type { ImportItem } from '../../../src/app/import-cases.js';
import type { InviteDeps } from '../../../src/app/invite-contact.js';
import { reminderDeps } from '../../../src/compose/reminders.js';
import { createStores } from '../../../src/compose/stores.js';
import { withEscalations } from '../../../src/compose/slack.js';
import { defaultPolicy } from '../../../src/domain/policy.js';
import { WorkingDayCalendar } from '../../../src/domain/calendar/working-days.js';
import { FAKE_SLACK_TOKEN, startFakeSlack } from '../../fakes/fake-slack.js';
import { createTestDatabase } from '../../support/databases.js';
import { movingClock, nine } from '../../support/moving-clock.js';
import { RecordingChannel } from '../../support/reminder-world.js';

export const SIGNING_SECRET = 'test-signing-secret-0123456789abcdef';
export const STAFF_CHANNEL = 'C0STAFF';
export const ESCALATION_CHANNEL = 'C0ESCALATE';
export const ESCALATION_GROUP = 'S0ONCALL';
/** A staff member by user id, one by user group, and someone who is neither. */
export const STAFF_USER = 'U0STAFF';
export const GROUP_MEMBER = 'U0MEMBER';
export const OUTSIDER = 'U0OUTSIDER';

export { nine } from '../../support/moving-clock.js';

/** Block Kit as one string, to look for words in. */
export const blockText = (blocks: unknown) => JSON.stringify(blocks);

export interface LogLine {
  readonly level: 'info' | 'warn' | 'error';
  readonly details: Record<string, unknown>;
  readonly message: string;
}

export async function createSlackWorld(kind: 'sqlite' | 'postgres', start: string, options: { pledgeEscalateDays?: number; locale?: 'en' | 'zh-CN'; staffCacheMs?: number } = {}) {
  const database = await createTestDatabase(kind);
  const fake = await startFakeSlack();
  fake.groups.set('S0STAFF', [GROUP_MEMBER]);
  const { clock, sleep, setNow, advance } = movingClock(start);
  const calendar = new WorkingDayCalendar(packagedHolidayData());
  const deps = { cases: createCaseRepository(database.db, { calendar, policy: defaultPolicy }), clock, calendar, policy: defaultPolicy, zone: 'Asia/Shanghai' };
  const email = new RecordingChannel('email', clock.now);
  const logs: LogLine[] = [];
  const log = {
    info: (details: Record<string, unknown>, message: string) => logs.push({ level: 'info', details, message }),
    warn: (details: Record<string, unknown>, message: string) => logs.push({ level: 'warn', details, message }),
    error: (details: Record<string, unknown>, message: string) => logs.push({ level: 'error', details, message }),
  };
  const locale = options.locale ?? 'en';
  const look = { zone: 'Asia/Shanghai', escalationGroup: ESCALATION_GROUP, acknowledgeWithinHours: 24 };
  const slackDelivery = createSlackDelivery({ token: FAKE_SLACK_TOKEN, apiUrl: fake.apiUrl });
  const dispatch = reminderDeps(deps, createStores(database.db, deps), {
    channels: { email, slack: slackDelivery },
    staff: { emails: ['staff@certbody.example.cn'], locale: 'zh-CN' },
    sleep,
    random: () => 0.5,
  });
  const escalation: EscalationDeps = {
    ...deps,
    escalations: createEscalationRepository(database.db),
    outbox: dispatch.outbox,
    renderer: createEscalationRenderer(look),
    board: createSlackBoard({ token: FAKE_SLACK_TOKEN, apiUrl: fake.apiUrl }, log, 'update failed'),
    settings: { staffChannel: STAFF_CHANNEL, escalationChannel: ESCALATION_CHANNEL, acknowledgeWithinMs: 24 * 3_600_000, pledgeEscalateDays: options.pledgeEscalateDays ?? 31, locale },
  };
  const invite: InviteDeps = { ...deps, invitations: createInvitationRepository(database.db), invite: { botUsername: 'certbell_test_bot', validDays: 7 } };
  const slack = createSlackApp({
    mode: { kind: 'http', port: 0, host: '127.0.0.1' },
    botToken: FAKE_SLACK_TOKEN,
    signingSecret: SIGNING_SECRET,
    apiUrl: fake.apiUrl,
    deps: { escalation, invite },
    receipts: createInboundReceipts(database.db),
    staff: { users: [STAFF_USER], groups: ['S0STAFF'], ...(options.staffCacheMs === undefined ? {} : { cacheMs: options.staffCacheMs }) },
    tr: translator(locale),
    logTr: translator('en'),
    look,
    log,
  });
  await slack.start();
  const url = `http://127.0.0.1:${slack.port()}/slack/events`;

  /** POSTs a body signed as Slack signs it (or as the options forge it). */
  async function send(body: string, contentType: string, sign: { timestamp?: number; secret?: string; headers?: Record<string, string> } = {}) {
    const timestamp = sign.timestamp ?? Math.floor(Date.now() / 1000);
    const signature = `v0=${createHmac('sha256', sign.secret ?? SIGNING_SECRET).update(`v0:${timestamp}:${body}`).digest('hex')}`;
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': contentType, 'x-slack-request-timestamp': String(timestamp), 'x-slack-signature': signature, ...sign.headers },
      body,
    });
    const text = await response.text();
    return { status: response.status, text, json: () => JSON.parse(text) as Record<string, unknown> };
  }

  const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
  /** What every interaction payload from the workspace carries: its kind, the team, the person and the app. */
  const interaction = (type: string, user: string) => ({ type, team: { id: 'T0001', domain: 'certbody' }, user: { id: user, username: user, team_id: 'T0001' }, api_app_id: 'A0APP', token: 'legacy' });

  return {
    database,
    fake,
    deps,
    dispatch: withEscalations(dispatch, escalation),
    escalation,
    email,
    logs,
    slack,
    send,
    setNow,
    advance,
    now: clock.now,
    /** The escalation sweep at 09:00 on a day: what it raised, as "ref kind/stage rules". */
    async raisedOn(day: string) {
      setNow(nine(day));
      return (await sweepEscalations(escalation)).raised.map((e) => `${e.caseRef} ${e.kind}/${e.stage} ${e.detail.rules.join(',')}`);
    },
    async importCases(items: readonly ImportItem[]) {
      const result = await importCases(deps, items, 'test');
      if (!result.ok) throw new Error(JSON.stringify(result.error));
    },
    slashBody(text: string, user: string, triggerId = randomUUID()) {
      return form({ token: 'legacy', team_id: 'T0001', channel_id: STAFF_CHANNEL, channel_name: 'cert-staff', user_id: user, user_name: user, command: '/certbell', text, response_url: 'https://hooks.slack.com/commands/T0001/1/x', trigger_id: triggerId, api_app_id: 'A0APP' });
    },
    /** A slash command, signed; its answer is the acknowledgement's body. */
    async slash(text: string, user = STAFF_USER) {
      return send(this.slashBody(text, user), 'application/x-www-form-urlencoded');
    },
    clickBody(actionId: string, value: string, user: string, message: { channel: string; ts: string }, triggerId = randomUUID()) {
      const payload = {
        ...interaction('block_actions', user),
        container: { type: 'message', message_ts: message.ts, channel_id: message.channel, is_ephemeral: false },
        trigger_id: triggerId,
        channel: { id: message.channel, name: 'cert-staff' },
        message: { type: 'message', ts: message.ts, text: '' },
        response_url: 'https://hooks.slack.com/actions/T0001/1/x',
        actions: [{ type: 'button', action_id: actionId, block_id: `escalation:${value}`, value, text: { type: 'plain_text', text: 'x' }, action_ts: String(Date.now() / 1000) }],
      };
      return form({ payload: JSON.stringify(payload) });
    },
    async click(actionId: string, value: string, user: string, message: { channel: string; ts: string }) {
      return send(this.clickBody(actionId, value, user, message), 'application/x-www-form-urlencoded');
    },
    /** Submits a modal: the view as views.open received it, with the values the person entered. */
    async submit(view: Record<string, unknown>, values: Record<string, Record<string, unknown>>, user: string) {
      const payload = {
        ...interaction('view_submission', user),
        trigger_id: randomUUID(),
        view: { ...view, id: 'V1', team_id: 'T0001', state: { values: Object.fromEntries(Object.entries(values).map(([block, value]) => [block, { value }])) }, hash: 'h', app_id: 'A0APP', bot_id: 'B0BOT' },
      };
      return send(form({ payload: JSON.stringify(payload) }), 'application/x-www-form-urlencoded');
    },
    /** Waits until the fake has seen `count` calls of a method (listeners run after the acknowledgement). */
    async waitForCalls(method: string, count: number, timeoutMs = 5_000) {
      const deadline = Date.now() + timeoutMs;
      while (fake.callsOf(method).length < count) {
        if (Date.now() > deadline) throw new Error(`expected ${count} ${method} call(s), saw ${fake.callsOf(method).length}`);
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      return fake.callsOf(method);
    },
    async audit() {
      return database.db.prisma.auditEntry.findMany({ where: { actor: { startsWith: 'slack:' } }, orderBy: { at: 'asc' } });
    },
    async close() {
      await slack.stop();
      await fake.close();
      await database.drop();
    },
  };
}

export type SlackWorld = Awaited<ReturnType<typeof createSlackWorld>>;

/** For a describe block whose tests each make their own world: makes one, and closes it after the test. */
export function slackWorldPerTest(kind: 'sqlite' | 'postgres'): (...args: DropFirst<Parameters<typeof createSlackWorld>>) => Promise<SlackWorld> {
  let world: SlackWorld | undefined;
  afterEach(async () => {
    await world?.close();
    world = undefined;
  });
  return async (...args) => (world = await createSlackWorld(kind, ...args));
}

type DropFirst<T extends unknown[]> = T extends [unknown, ...infer Rest] ? Rest : never;

/** A case as an import gives it: header, one contact, and a history. */
export function caseItem(ref: string, scheme: 'cnce-ns' | 'wal', events: readonly (readonly [string, string, Record<string, string>?])[], email = `${ref.toLowerCase()}@example.cn`): ImportItem {
  return {
    source: { file: 'test', path: ref },
    header: {
      ref,
      scheme,
      organization: { name: `${ref} 网络科技有限公司`, province: '北京' },
      serviceType: scheme === 'cnce-ns' ? 'risk-assessment' : null,
      level: 2,
      contacts: [{ name: '张伟', email, locale: 'zh-CN' }],
    },
    events: events.map(([type, date, extra]) => ({ source: { file: 'test', path: ref }, fields: { type, date, ...extra } })),
  };
}
