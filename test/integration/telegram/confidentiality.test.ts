// WA-14 and the product rule that a chat sees only the cases it is bound to: several chats, several
// cases, every command and question from every chat, and then every message the fake Bot API
// received is checked against every case's identifying facts.
import { afterEach, describe, expect, it } from 'vitest';
import { CASES, createAssistantWorld } from './assistant-world.js';
import type { AssistantWorld, CaseFacts } from './assistant-world.js';

const all: readonly CaseFacts[] = Object.values(CASES);
const facts = (c: CaseFacts) => [c.ref, c.organization, c.contactName, c.email, ...(c.certificateNo ? [c.certificateNo] : [])];

const probes = [
  '/start', '/status', '/deadlines', '/contact', '/stages', '/help', '/lang', '/start CN-2026-0001', '/status CN-2026-0002',
  'CN-2026-0001', 'WA-2026-0003 的进度', '北京安信网络科技有限公司', 'zhang.wei@example.cn', '我的证书什么时候到期？',
  'when is my annual inspection', '下一步做什么', 'whom do I call', '年检', 'renewal', 'pledge', 'what next', 'hello',
];
const buttons = ['ask:status', 'ask:deadlines', 'ask:next-step', 'ask:contact', 'ask:help', 'lang:en'];

describe.each(['sqlite', 'postgres'] as const)('confidentiality matrix on %s', (kind) => {
  let world: AssistantWorld;
  afterEach(async () => world?.close());

  it('no chat ever sees a case it is not bound to, and unbound chats see no case at all', async () => {
    world = await createAssistantWorld(kind, { floodLimits: { maxFailures: 1000, windowMs: 60_000 } });
    // chat → the cases it may see. 1001 holds two cases of one person through two invitations;
    // 1003 and 1006 are strangers; 1006 also tries a token it was not given.
    const entitled = new Map<number, CaseFacts[]>([
      [1001, [CASES.beijing, CASES.xinjiang]],
      [1002, [CASES.guangdong]],
      [1004, [CASES.wal]],
      [1003, []],
      [1006, []],
    ]);
    await world.bind(1001, CASES.beijing.ref, CASES.beijing.email);
    await world.bind(1001, CASES.xinjiang.ref, CASES.xinjiang.email);
    await world.bind(1002, CASES.guangdong.ref, CASES.guangdong.email, 'en');
    await world.bind(1004, CASES.wal.ref, CASES.wal.email);
    await world.say(1006, `/start ${(await world.invitationToken(CASES.wal.ref, CASES.wal.email)).slice(0, 42)}x`);

    for (const chatId of entitled.keys()) {
      for (const language of ['zh-hans', 'en']) {
        for (const probe of probes) await world.say(chatId, probe, language);
        for (const data of buttons) await world.press(chatId, data, language);
      }
    }

    const sent = world.fake.sent;
    // One answer to each of the 5 bindings tried and each probe and button: none went unanswered.
    expect(sent.length).toBe(5 + entitled.size * 2 * (probes.length + buttons.length));
    for (const message of sent) {
      const mine = entitled.get(Number(message.chatId)) ?? [];
      for (const other of all.filter((c) => !mine.some((m) => m.ref === c.ref))) {
        // A person bound to one organisation's case may share their own name and email with their other case.
        const shared = new Set(mine.flatMap((m) => [m.contactName, m.email]));
        for (const fact of facts(other).filter((f) => !shared.has(f))) {
          expect(message.text, `chat ${message.chatId} was shown ${fact}`).not.toContain(fact);
        }
      }
    }
    // And what the bound chats were entitled to, they did get.
    for (const [chatId, mine] of entitled) {
      const seen = sent.filter((m) => m.chatId === chatId).map((m) => m.text).join('\n');
      for (const c of mine) expect(seen).toContain(c.ref);
    }
    // Every message went to a chat that wrote; none to any other.
    expect(new Set(sent.map((m) => Number(m.chatId)))).toEqual(new Set(entitled.keys()));
    expect(world.errors).toEqual([]);
  }, 120_000);
});
