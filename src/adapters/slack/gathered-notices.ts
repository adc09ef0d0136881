// The reminders one dispatch could not deliver, as one Slack message: a line per reminder, in as many
// sections as Block Kit allows, the rest counted. Data in the lines is escaped as in every escalation.
import type { MessageContent } from '../../app/delivery.js';
import type { EscalationRecord } from '../../app/escalation-ports.js';
import type { Translator } from '../i18n/translator.js';
import { escapedValues, fitted } from './blocks.js';

const SECTION_LIMIT = 3000;
/** Header, closing line and the count of those left out leave 47 of Slack's 50 blocks for the list. */
const LIST_BLOCKS = 47;

export function gatheredNoticesMessage(tr: Translator, escalations: readonly EscalationRecord[]): MessageContent {
  const title = tr.t('slack.gathered.title', { count: escalations.length });
  const lines = escalations.map((e) =>
    fitted(
      tr.t(
        'slack.gathered.line',
        escapedValues({
          caseRef: e.caseRef,
          organization: e.detail.organization,
          kind: tr.t(`kind.${e.detail.obligationKind}`),
          step: String(e.detail.facts.step ?? ''),
          channel: String(e.detail.facts.channel ?? ''),
          reason: String(e.detail.facts.reason ?? ''),
          rules: e.detail.rules.join(', '),
        }),
      ),
      SECTION_LIMIT,
    ),
  );
  const sections: string[] = [];
  let listed = 0;
  for (const line of lines) {
    const last = sections.at(-1);
    if (last !== undefined && last.length + 1 + line.length <= SECTION_LIMIT) sections[sections.length - 1] = `${last}\n${line}`;
    else if (sections.length < LIST_BLOCKS) sections.push(line);
    else break;
    listed++;
  }
  const blocks: unknown[] = [
    { type: 'header', text: { type: 'plain_text', text: fitted(title, 150), emoji: true } },
    ...sections.map((text) => ({ type: 'section', text: { type: 'mrkdwn', text } })),
  ];
  if (listed < lines.length) blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: tr.t('slack.gathered.more', { count: lines.length - listed }) }] });
  blocks.push({ type: 'section', text: { type: 'mrkdwn', text: tr.t('slack.gathered.next') } });
  return { subject: title, text: fitted([title, ...lines.slice(0, 20)].join('\n'), 3000), blocks };
}
