// Issue 7 §3: random and malformed input from Telegram chats and Slack users (fast-check) never
// crashes or stalls the bot, never shows a chat a case it is not bound to, and changes nothing stored.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../../src/adapters/db/connect.js';
import { CASES, createAssistantWorld, type AssistantWorld, type CaseFacts } from '../telegram/assistant-world.js';
import { caseItem, createSlackWorld, nine, OUTSIDER, STAFF_CHANNEL, STAFF_USER, type SlackWorld } from '../slack/slack-world.js';

const runs = Number(process.env.FUZZ_RUNS ?? 60);

/** What a stray input must never change: the cases, their history, bindings, invitations and the audit log. */
async function stored(db: Database): Promise<string> {
  const count = async (sql: string) => Number((await db.raw.rows<{ n: number | string }>(sql))[0]?.n);
  return JSON.stringify(
    await Promise.all([
      count(`SELECT COUNT(*) AS n FROM "Case"`),
      count(`SELECT COUNT(*) AS n FROM "CaseEvent"`),
      count(`SELECT COUNT(*) AS n FROM "Obligation"`),
      count(`SELECT COUNT(*) AS n FROM "ContactChat" WHERE status = 'active'`),
      count(`SELECT COUNT(*) AS n FROM "Invitation" WHERE "usedAt" IS NULL AND "revokedAt" IS NULL`),
      count(`SELECT COUNT(*) AS n FROM "AuditEntry"`),
      count(`SELECT COUNT(*) AS n FROM "Escalation" WHERE status <> 'open'`),
    ]),
  );
}

/** Text a person might type, or not: words, commands with junk, control and astral characters, very long lines. */
const typed = fc.oneof(
  fc.string({ maxLength: 200 }),
  fc.string({ unit: 'grapheme', maxLength: 100 }),
  fc.string({ unit: 'binary', maxLength: 100 }),
  fc.tuple(fc.constantFrom('/start', '/status', '/deadlines', '/contact', '/lang', '/help', '/stages', '/start@certbell_fake_bot'), fc.string({ maxLength: 80 })).map(([c, rest]) => `${c} ${rest}`),
  fc.tuple(fc.constantFrom('CN-2026-000', 'WA-2026-000', '我的', 'when is ', 'zhang.wei@', '北京'), fc.string({ maxLength: 20 })).map(([a, b]) => a + b),
  fc.string({ minLength: 3000, maxLength: 5000 }),
);

describe('hostile Telegram input', () => {
  let world: AssistantWorld;
  const facts = (c: CaseFacts) => [c.ref, c.organization, c.contactName, c.email, ...(c.certificateNo ? [c.certificateNo] : [])];

  beforeAll(async () => {
    world = await createAssistantWorld('sqlite', { floodLimits: { maxFailures: 100_000, windowMs: 60_000 } });
    await world.bind(1001, CASES.beijing.ref, CASES.beijing.email);
  });
  afterAll(() => world.close());

  it('random messages and button data from a bound and an unbound chat: answered, nothing disclosed, nothing stored', async () => {
    const before = await stored(world.database.db);
    const others = Object.values(CASES).filter((c) => c.ref !== CASES.beijing.ref);
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(1001, 1003), fc.boolean(), typed, async (chatId, button, input) => {
        // /stop is the one command that is meant to change something.
        fc.pre(!input.trim().startsWith('/stop'));
        const replies = button ? await world.press(chatId, input.slice(0, 64)) : await world.say(chatId, input);
        const hidden = chatId === 1001 ? others : Object.values(CASES);
        for (const reply of replies) for (const fact of hidden.flatMap(facts)) expect(reply.text, `chat ${chatId} was shown ${fact}`).not.toContain(fact);
      }),
      { numRuns: runs, seed: 20261121 },
    );
    expect(world.errors).toEqual([]);
    expect(await stored(world.database.db)).toBe(before);
    // Still answering: the bot did not stop on any of it.
    expect((await world.say(1001, '/status', 'en')).map((m) => m.text).join('\n')).toContain(CASES.beijing.ref);
  }, 180_000);
});

describe('hostile Slack input', () => {
  let world: SlackWorld;

  beforeAll(async () => {
    world = await createSlackWorld('sqlite', nine('2026-11-21'));
    await world.importCases([caseItem('CN-2026-0001', 'cnce-ns', [['certificate-issued', '2025-03-31', { certificateNo: 'CNCE-1' }]])]);
  });
  afterAll(() => world.close());

  it('random slash commands, button values and modal input from staff and outsiders: acknowledged, refused in words, nothing stored', async () => {
    const before = await stored(world.database.db);
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(STAFF_USER, OUTSIDER),
        fc.oneof(
          typed.map((text) => ({ kind: 'slash' as const, text })),
          fc.tuple(fc.constantFrom('escalation.acknowledge', 'escalation.snooze.1', 'escalation.snooze.3', 'escalation.record', 'escalation.invite', 'unknown'), fc.string({ maxLength: 60 })).map(([action, value]) => ({ kind: 'click' as const, action, value })),
          fc.tuple(fc.constantFrom('certbell.record-event', 'certbell.invite-contact', 'other'), fc.string({ maxLength: 200 }), fc.string({ maxLength: 30 })).map(([callback, metadata, value]) => ({ kind: 'submit' as const, callback, metadata, value })),
        ),
        async (user, input) => {
          // A staff member typing a well-formed "record" is meant to record; random text is not.
          fc.pre(!(input.kind === 'slash' && user === STAFF_USER && /^\s*record\s+CN-2026-0001\s+\S+\s+\d{4}-\d{2}-\d{2}\s*$/.test(input.text)));
          const response =
            input.kind === 'slash'
              ? await world.slash(input.text, user)
              : input.kind === 'click'
                ? await world.click(input.action, input.value, user, { channel: STAFF_CHANNEL, ts: '1.000' })
                : await world.submit(
                    { type: 'modal', callback_id: input.callback, private_metadata: input.metadata, blocks: [] },
                    { event: { type: 'static_select', selected_option: { value: input.value } }, date: { type: 'datepicker', selected_date: input.value }, email: { type: 'email_text_input', value: input.value } },
                    user,
                  );
          expect(response.status).toBe(200);
          if (user === OUTSIDER) expect(response.text).not.toContain('CN-2026-0001 网络科技');
        },
      ),
      { numRuns: runs, seed: 20261121 },
    );
    // Listeners run after the acknowledgement: let the last ones finish before looking.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(world.logs.filter((l) => l.level === "error").map((l) => [l.message, JSON.stringify(l.details)])).toEqual([]);
    expect(await stored(world.database.db)).toBe(before);
    // Still serving staff.
    expect((await world.slash('case CN-2026-0001')).text).toContain('CN-2026-0001');
  }, 180_000);
});
