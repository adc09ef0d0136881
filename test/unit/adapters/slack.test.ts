// The Slack adapter's pure parts: the slash command's words, Block Kit, and the identity of a request.
import { describe, expect, it } from 'vitest';
import { translator } from '../../../src/adapters/i18n/translator.js';
import { caseCard, escalationMessage, escapeMrkdwn, mention } from '../../../src/adapters/slack/blocks.js';
import { answerCommand, parseCommand } from '../../../src/adapters/slack/command.js';
import { errorText } from '../../../src/adapters/slack/context.js';
import type { ListenerContext } from '../../../src/adapters/slack/context.js';
import type { CaseView } from '../../../src/app/show-case.js';
import { requestIdOf } from '../../../src/adapters/slack/slack-app.js';
import { escalationRecord } from '../../support/escalation-record.js';

const escalation = escalationRecord({
  id: 'e1',
  key: 'surveillance-overdue|WA-1|p|overdue',
  kind: 'surveillance-overdue',
  caseRef: 'WA-1',
  occurrence: 'p',
  stage: 'overdue',
  detail: { scheme: 'wal', organization: '北京安信网络科技有限公司', obligationKind: 'revocation-review', obligationOccurrence: 'p', rules: ['WA-4', 'WA-10', 'WA-12'], facts: { auditDueOn: '2027-03-31', overdueDays: 1, revocationOn: '2027-09-30', auditRules: 'WA-4' }, raisedOn: '2027-04-01' },
  raisedAt: new Date('2027-04-01T01:00:00Z'),
});
const look = { zone: 'Asia/Shanghai', escalationGroup: 'S1', acknowledgeWithinHours: 24 };

describe('parseCommand', () => {
  it('reads each verb, its arguments and "post"', () => {
    expect(parseCommand('')).toEqual({ command: { verb: 'help' }, post: false });
    expect(parseCommand('case CN-1 post')).toEqual({ command: { verb: 'case', ref: 'CN-1' }, post: true });
    expect(parseCommand('upcoming')).toEqual({ command: { verb: 'upcoming', days: 30 }, post: false });
    expect(parseCommand('upcoming 0').command).toEqual({ verb: 'usage', of: 'upcoming' });
    expect(parseCommand('record CN-1 certificate-issued 2027-05-10 CNCE-1').command).toEqual({ verb: 'record', ref: 'CN-1', type: 'certificate-issued', date: '2027-05-10', extra: 'CNCE-1' });
    expect(parseCommand('record CN-1').command).toEqual({ verb: 'usage', of: 'record' });
    // An invitation link is never posted to a channel.
    expect(parseCommand('invite CN-1 a@b.cn post')).toEqual({ command: { verb: 'invite', ref: 'CN-1', email: 'a@b.cn' }, post: false });
    expect(parseCommand('revoke everything').command).toEqual({ verb: 'unknown', word: 'revoke' });
  });
});

describe('escalation blocks', () => {
  it('cite the rules, the facts and what comes next, in the staff language, with the buttons', () => {
    const zh = escalationMessage(translator('zh-CN'), { escalation, mode: 'post', today: '2027-04-01' }, look);
    expect(zh.subject).toBe('监督审核逾期：案件 WA-1');
    const text = JSON.stringify(zh.blocks);
    expect(text).toContain('监督审核应于 2027-03-31 前完成，现已逾期 1 天（WA-4）。');
    expect(text).toContain('可暂停证书（WA-10）');
    expect(['escalation.acknowledge', 'escalation.snooze.1', 'escalation.snooze.3', 'escalation.record', 'escalation.invite'].every((id) => text.includes(id))).toBe(true);
    const reposted = JSON.stringify(escalationMessage(translator('en'), { escalation, mode: 'reescalate', today: '2027-04-02' }, look).blocks);
    expect(reposted).toContain('<!subteam^S1> Not acknowledged within 24 hours.');
  });

  it('show who acknowledged, and drop the buttons once resolved', () => {
    const acknowledged = { ...escalation, status: 'acknowledged' as const, acknowledgedBy: 'slack:U1', acknowledgedAt: new Date('2027-04-01T02:15:00Z') };
    const shown = escalationMessage(translator('en'), { escalation: acknowledged, mode: 'update', today: '2027-04-01' }, look);
    expect(shown.text).toContain('Acknowledged by <@U1> at 2027-04-01 10:15.');
    expect(JSON.stringify(shown.blocks)).not.toContain('escalation.acknowledge');
    const resolved = { ...acknowledged, status: 'resolved' as const, resolvedAt: new Date('2027-04-03T01:00:00Z') };
    expect(JSON.stringify(escalationMessage(translator('en'), { escalation: resolved, mode: 'update', today: '2027-04-03' }, look).blocks)).not.toContain('"actions"');
    expect(mention('cli-user')).toBe('cli-user');
  });
});

describe('requestIdOf', () => {
  it('names a request by what Slack keeps across its retries', () => {
    expect(requestIdOf({ event_id: 'Ev1', trigger_id: 't' }, 'sig')).toBe('event_id:Ev1');
    expect(requestIdOf({ trigger_id: '123.456' }, 'sig')).toBe('trigger_id:123.456');
    expect(requestIdOf({}, 'sig')).toBe('signature:sig');
    expect(requestIdOf({}, undefined)).toBeUndefined();
  });
});

describe('the catch-all listeners', () => {
  it('match every action and modal id but those certbell handles', async () => {
    const { unknownActionId, unknownCallbackId } = await import('../../../src/adapters/slack/blocks.js');
    for (const known of ['escalation.acknowledge', 'escalation.snooze.1', 'escalation.snooze.3', 'escalation.record', 'escalation.invite']) expect(unknownActionId.test(known), known).toBe(false);
    for (const unknown of ['', 'escalation', 'escalation.snooze.', 'escalation.acknowledgeX', 'xescalation.record', 'other']) expect(unknownActionId.test(unknown), unknown).toBe(true);
    expect(['certbell.record-event', 'certbell.invite-contact', 'certbell.record-eventX', 'certbellXrecord-event'].map((id) => unknownCallbackId.test(id))).toEqual([false, false, true, true]);
  });
});

describe('data in Slack text', () => {
  it('an organisation name, a ref or a provider reply cannot ping a channel or make a link, but certbell\'s own mention still does', async () => {
    const { errorText } = await import('../../../src/adapters/slack/context.js');
    const hostile = { ...escalation, caseRef: 'WA-<!here>', detail: { ...escalation.detail, organization: '<!channel> <https://evil.example|Acme> & Co' } };
    const message = escalationMessage(translator('en'), { escalation: hostile, mode: 'reescalate', today: '2027-04-02' }, look);
    const mrkdwn = JSON.stringify((message.blocks ?? []).filter((b) => (b as { type: string }).type !== 'header')) + message.text;
    expect(mrkdwn).not.toContain('<!channel>');
    expect(mrkdwn).not.toContain('<!here>');
    expect(mrkdwn).not.toContain('<https://evil');
    expect(mrkdwn).toContain('&lt;!channel&gt; &lt;https://evil.example|Acme&gt; &amp; Co');
    expect(mrkdwn).toContain('<!subteam^S1>');
    expect(errorText(translator('en'), { code: 'case/not-found', params: { ref: '<!channel>' } })).not.toContain('<!channel>');
  });
});

describe('data in mrkdwn', () => {
  const en = translator('en');
  const hostile = 'Evil <!channel> *Co* _Ltd_ ~x~ `rm` & <https://evil.example|pay here>';

  it('escapes mentions and links and neutralises *_~ and backticks, which mrkdwn cannot escape', () => {
    expect(escapeMrkdwn(hostile)).toBe('Evil &lt;!channel&gt; \u2217Co\u2217 \u02CDLtd\u02CD \u223Cx\u223C \u02CBrm\u02CB &amp; &lt;https://evil.example|pay here&gt;');
  });

  it('keeps the top-level text of "/certbell case REF post" and of the unknown-command echo free of live mentions and formatting', async () => {
    const view = {
      record: { ref: 'CN-2026-0001', organization: { name: hostile, province: null }, scheme: 'cnce-ns', level: 1, state: { stage: 'certified' }, contacts: [] },
      history: [],
      asOf: '2027-04-01',
      obligations: [],
    } as unknown as CaseView;
    const card = caseCard(en, view);
    expect(card.text).not.toMatch(/<!channel>|<https|\*Co\*|_Ltd_|`rm`/);
    expect(card.text).toContain('&lt;!channel&gt;');
    const echo = await answerCommand({ tr: en, deps: { escalation: {}, invite: null } } as unknown as ListenerContext, { verb: 'unknown', word: '<!channel>*hi*' }, 'U1');
    expect(echo.text).not.toMatch(/<!channel>|\*hi\*/);
    expect(echo.text).toContain('&lt;!channel&gt;\u2217hi\u2217');
  });
});

describe('refusals in Slack', () => {
  it('word every refusal, the invitation\'s too, and never show a raw key; who acknowledged is a mention', () => {
    const en = translator('en');
    const texts = [
      errorText(en, { code: 'invite/not-a-contact', params: { ref: 'CN-1', email: 'x@example.cn' } }),
      errorText(en, { code: 'invite/unknown-email', params: { email: 'x@example.cn' } }),
      errorText(en, { code: 'case/not-found', params: { ref: 'CN-<!here>' } }),
      errorText(en, { code: 'no/such-code', params: {} }),
      errorText(en, { code: 'escalation/already-acknowledged', params: { caseRef: 'CN-1', by: 'slack:U0STAFF' } }),
    ];
    expect(texts).toEqual([
      'x@example.cn is not a contact of case CN-1.',
      'No contact has the email x@example.cn.',
      'No case with reference CN-&lt;!here&gt;.',
      'Something went wrong; nothing was changed. Please try again.',
      'The escalation for case CN-1 was already acknowledged by <@U0STAFF>.',
    ]);
    expect(errorText(translator('zh-CN'), { code: 'invite/not-a-contact', params: { ref: 'CN-1', email: 'x@example.cn' } })).not.toMatch(/invite|error\./);
  });
});
