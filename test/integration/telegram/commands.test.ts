// Every command, button and plain question, in Chinese and English, answered from the stored case
// (CN-6 working days, CN-12 inspection window, CN-14 renewal, CN-17 association, WA-4/WA-8 surveillance).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { translator } from '../../../src/adapters/i18n/translator.js';
import { CASES, createAssistantWorld, texts } from './assistant-world.js';
import type { AssistantWorld } from './assistant-world.js';

const zh = translator('zh-CN');
const en = translator('en');

describe('the assistant’s commands and questions', () => {
  let world: AssistantWorld;
  beforeAll(async () => {
    world = await createAssistantWorld('sqlite');
    await world.bind(1001, CASES.beijing.ref, CASES.beijing.email);
    await world.bind(1002, CASES.guangdong.ref, CASES.guangdong.email, 'en');
    await world.bind(1004, CASES.wal.ref, CASES.wal.email);
    await world.bind(1005, CASES.xinjiang.ref, CASES.xinjiang.email, 'en');
  });
  afterAll(async () => world?.close());

  it('sets the command menu in both languages with setMyCommands', () => {
    const commands = ['status', 'deadlines', 'contact', 'stages', 'lang', 'help', 'start', 'stop'] as const;
    expect(world.fake.commands.get('')).toEqual(commands.map((command) => ({ command, description: en.t(`telegram.command.${command}`) })));
    expect(world.fake.commands.get('zh')).toEqual(commands.map((command) => ({ command, description: zh.t(`telegram.command.${command}`) })));
  });

  it('/start greets unbound and bound chats differently, in the language of the Telegram client', async () => {
    expect(texts(await world.say(9001, '/start'))).toBe(zh.t('telegram.welcome'));
    expect(texts(await world.say(9002, '/start', 'en-GB'))).toBe(en.t('telegram.welcome'));
    expect(texts(await world.say(1001, '/start'))).toBe(zh.t('telegram.welcomeBack'));
  });

  it('/status: scheme, level, stage in plain words, next step and who acts, nearest deadlines with days left (CN-12, CN-14)', async () => {
    const zhStatus = texts(await world.say(1001, '/status'));
    expect(zhStatus).toContain('📁 CN-2026-0001：通信网络安全服务能力评定（CNCE-NS），2 级');
    expect(zhStatus).toContain('当前阶段：已获证，证后监督');
    expect(zhStatus).toContain('（由申请单位办理）');
    expect(zhStatus).toContain('• 年检：2026-12-09 前（还剩 18 天；由申请单位办理）');
    expect(zhStatus).toContain('• 证书维持/换证申请：2028-12-09 前（还剩 749 天；由申请单位办理）');
    const enStatus = texts(await world.say(1001, '/status', 'en'));
    // The chat has made no /lang choice: Telegram's language_code decides.
    expect(enStatus).toContain('Stage: Certified, under post-certification supervision');
    expect(enStatus).toContain('• Annual inspection: by 2026-12-09 (18 days left; the applicant acts)');
  });

  it('/status counts working days where the rule does (CN-6: 15 working days from 2026-11-16)', async () => {
    const status = texts(await world.say(1002, '/status', 'en'));
    expect(status).toContain('Stage: Formal material review');
    expect(status).toContain('Next: The association reviews the materials for completeness. (the certification body acts)');
    // 2026-11-21 (Saturday) to 2026-12-07: 11 working days.
    expect(status).toContain('• Material review: by 2026-12-07 (11 working days left; the certification body acts)');
  });

  it('/deadlines: every open obligation with its date, reason and rule, in both languages (WA-4, WA-8, WA-9)', async () => {
    const zhList = texts(await world.say(1004, '/deadlines'));
    expect(zhList).toContain('• 提交监督审核信息：2026-10-15 前（已逾期 37 天；由申请单位办理）');
    expect(zhList).toContain('规则：WA-8');
    expect(zhList).toContain('• 监督审核：2027-01-15 前（还剩 55 天；由申请单位办理）');
    expect(zhList).toContain('依据：证书签发于 2026-01-15：首次监督审核须在 12 个月内进行（WA-4）。');
    expect(zhList).toContain('规则：WA-9');
    const enList = texts(await world.say(1004, '/deadlines', 'en'));
    expect(enList).toContain('Why: Certificate issued on 2026-01-15: the first surveillance audit takes place within 12 months (WA-4).');
    expect(enList).toContain('• Surveillance information: by 2026-10-15 (overdue by 37 days; the applicant acts)');
    // A revocation review is a proposal to staff (WA-10, WA-12): never put to the applicant.
    expect(enList).not.toContain('Revocation review');
  });

  it('/contact: the association of the registered province (CN-17), the centre when the guide lists none, 网安联 for wal', async () => {
    expect(texts(await world.say(1001, '/contact'))).toBe(['CN-2026-0001（通信网络安全服务能力评定（CNCE-NS））的联系机构：', '北京市通信行业协会', '电话：010-68028629', '传真：010-68028641', '邮箱：tongjizu@189.cn'].join('\n'));
    const guangdong = texts(await world.say(1002, '/contact', 'en'));
    expect(guangdong).toContain('广东省通信行业协会\nPhone: 020-87626826\nFax: 020-87690458\nEmail: lms@gdca.gov.cn');
    const xinjiang = texts(await world.say(1005, '/contact', 'en'));
    expect(xinjiang).toContain(en.t('directory.cnce-ns.provinceNotListed', { province: '新疆维吾尔自治区' }));
    expect(xinjiang).toContain('Phone: 010-68094562');
    expect(texts(await world.say(1004, '/contact'))).toContain('网安联认证中心');
    // Unbound: the public directory.
    const directory = texts(await world.say(9001, '/contact'));
    expect(directory).toContain('宁夏：宁夏区通信行业协会，电话 0951-5166808，传真 0951-5166818，邮箱 nxtxhyxh@163.com');
    expect(directory.match(/通信行业协会/g)).toHaveLength(11);
  });

  it('/stages lists each scheme’s main line (CN-3, WA-3) to anyone', async () => {
    const stages = texts(await world.say(9001, '/stages', 'en'));
    expect(stages).toContain('1. Application\n2. Formal material review\n3. Contract and fee\n4. Capability assessment');
    expect(stages).toContain('4. Document audit\n5. On-site audit\n6. Evaluation and decision');
  });

  it('/help differs for bound and unbound chats and comes with a menu', async () => {
    expect(texts(await world.say(1002, '/help', 'en'))).toBe(en.t('telegram.help.bound'));
    expect(texts(await world.say(9001, '/help'))).toBe(zh.t('telegram.help.unbound'));
    const call = world.fake.calls.filter((c) => c.method === 'sendMessage').at(-1);
    expect(JSON.stringify(call?.params.reply_markup)).toContain('ask:stages');
    expect(JSON.stringify(call?.params.reply_markup)).not.toContain('ask:status');
  });

  it('/lang with a keyboard or an argument switches the chat’s language and keeps it', async () => {
    expect(texts(await world.say(1001, '/lang'))).toBe(zh.t('telegram.lang.prompt'));
    expect(texts(await world.press(1001, 'lang:en'))).toBe(en.t('telegram.lang.set'));
    expect(world.fake.calls.some((c) => c.method === 'answerCallbackQuery')).toBe(true);
    // Stored: a Chinese client now reads English.
    expect(texts(await world.say(1001, '/status', 'zh-hans'))).toContain('Stage: Certified');
    expect(texts(await world.say(1001, '/lang 中文', 'en'))).toBe(zh.t('telegram.lang.set'));
    expect(texts(await world.say(1001, '/status', 'en'))).toContain('当前阶段');
    expect(await world.database.db.prisma.chatSetting.findUnique({ where: { chatId: '1001' } })).toMatchObject({ locale: 'zh-CN' });
  });

  it('answers plain questions in Chinese and English from the case', async () => {
    expect(texts(await world.say(1001, '我的证书什么时候到期？'))).toContain('CN-2026-0001：证书 CNCE-NS-2025-0107 于 2028-12-09 到期（还剩 749 天）。');
    expect(texts(await world.say(1002, 'When does my certificate expire?', 'en'))).toBe(en.t('telegram.answer.noCertificate', { ref: CASES.guangdong.ref, stage: 'Formal material review' }));
    const inspection = texts(await world.say(1001, '年检什么时候？'));
    expect(inspection).toContain('• 年检：2026-12-09 前（还剩 18 天；由申请单位办理）');
    expect(inspection).toContain(zh.t('reminder.todo.annual-inspection'));
    expect(texts(await world.say(1004, 'when is my annual inspection', 'en'))).toContain('Surveillance audit: by 2027-01-15');
    const next = texts(await world.say(1001, '下一步做什么'));
    expect(next).toContain('下一步：获证单位按时办理年检');
    expect(texts(await world.say(1002, 'whom do I call?', 'en'))).toContain('广东省通信行业协会');
    expect(texts(await world.say(1004, '我需要签承诺书吗'))).toBe(zh.t('telegram.answer.topicNone', { ref: CASES.wal.ref, topic: zh.t('telegram.topic.pledge') }));
    expect(texts(await world.say(1002, 'where is my case', 'en'))).toContain('Stage: Formal material review');
  });

  it('a question it cannot answer gets a helpful menu, not silence; the buttons answer', async () => {
    expect(texts(await world.say(1002, 'the weather is nice', 'en'))).toBe(en.t('telegram.notUnderstood.bound'));
    const call = world.fake.calls.filter((c) => c.method === 'sendMessage').at(-1);
    const buttons = JSON.stringify(call?.params.reply_markup);
    for (const intent of ['status', 'deadlines', 'next-step', 'contact', 'stages', 'help']) expect(buttons).toContain(`ask:${intent}`);
    expect(texts(await world.press(1002, 'ask:deadlines', 'en'))).toContain('Rule: CN-6');
    expect(texts(await world.say(9003, '随便说说'))).toBe(zh.t('telegram.notUnderstood.unbound'));
    // An unknown command is a question it cannot answer.
    expect(texts(await world.say(1002, '/frobnicate', 'en'))).toBe(en.t('telegram.notUnderstood.bound'));
  });

  it('groups get no case information', async () => {
    world.fake.pushUpdate({ message: { message_id: 1, date: 0, chat: { id: -500, type: 'group', title: 'g' }, from: { id: 1001, is_bot: false, first_name: 'T', language_code: 'en' }, text: '/status', entities: [{ type: 'bot_command', offset: 0, length: 7 }] } });
    await world.settle();
    expect(world.fake.sent.filter((m) => m.chatId === -500).map((m) => m.text)).toEqual([en.t('telegram.privateOnly')]);
  });

  it('no update failed', () => {
    expect(world.errors).toEqual([]);
  });
});
