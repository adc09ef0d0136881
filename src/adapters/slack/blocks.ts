// Block Kit, as pure functions of a translator and the data to show: no Slack client here, so every
// message and modal can be checked without a network.
import type { EscalationAbout, EscalationRecord, EscalationView } from '../../app/escalation-ports.js';
import type { MessageContent } from '../../app/delivery.js';
import type { CaseView } from '../../app/show-case.js';
import type { IsoDate } from '../../domain/calendar/calendar-date.js';
import type { PlannedObligation } from '../../domain/obligations.js';
import { contactLine } from '../i18n/message-parts.js';
import type { MessageKey, Translator } from '../i18n/translator.js';

export type Block = Readonly<Record<string, unknown>>;

/** The action ids of the escalation buttons; the value of each is the escalation's id. */
export const actionIds = {
  acknowledge: 'escalation.acknowledge',
  snooze: (days: number) => `escalation.snooze.${days}`,
  record: 'escalation.record',
  invite: 'escalation.invite',
} as const;
export const snoozeAction = /^escalation\.snooze\.(\d+)$/;

export const callbackIds = { record: 'certbell.record-event', invite: 'certbell.invite-contact' } as const;

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const unanchored = (pattern: RegExp) => pattern.source.replace(/^\^/, '').replace(/\$$/, '');
/** Matches every id but these: for the listeners that acknowledge what certbell does not know. */
const noneOf = (ids: readonly string[], patterns: readonly RegExp[] = []) => new RegExp(`^(?!(?:${[...ids.map(escapeRegExp), ...patterns.map(unanchored)].join('|')})$)`);
export const unknownActionId = noneOf([actionIds.acknowledge, actionIds.record, actionIds.invite], [snoozeAction]);
export const unknownCallbackId = noneOf(Object.values(callbackIds));
export const blockIds = { event: 'event', date: 'date', extra: 'extra', email: 'email' } as const;

/** Slack answers `invalid_blocks` for a section text over 3,000 characters, a field over 2,000, a header over 150. */
const SECTION_LIMIT = 3000;
const FIELD_LIMIT = 2000;
const HEADER_LIMIT = 150;

/**
 * Text cut to Slack's limit with an ellipsis, measured after escaping (which lengthens it), and never
 * inside an escape such as `&amp;` or between the halves of a surrogate pair.
 */
export function fitted(text: string, max: number): string {
  if (text.length <= max) return text;
  let cut = max - 1;
  const entity = text.lastIndexOf('&', cut);
  if (entity >= 0 && entity > cut - 5 && !text.slice(entity, cut).includes(';')) cut = entity;
  if (/[\uD800-\uDBFF]/.test(text.charAt(cut - 1))) cut--;
  return `${text.slice(0, cut)}…`;
}

const plain = (text: string) => ({ type: 'plain_text', text: fitted(text, HEADER_LIMIT), emoji: true });
const mrkdwn = (text: string, max = SECTION_LIMIT) => ({ type: 'mrkdwn', text: fitted(text, max) });
const field = (text: string) => mrkdwn(text, FIELD_LIMIT);
const section = (text: string): Block => ({ type: 'section', text: mrkdwn(text) });

/**
 * Data from imports and providers (organisation names, case refs, SMTP replies) goes into mrkdwn
 * as text: unescaped, "<!channel>" in a company name would ping a channel and "<url|…>" make a link.
 */
export const escapeMrkdwn = (text: string): string =>
  text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    // mrkdwn has no escape for its formatting marks: in data they become look-alikes that format nothing.
    .replace(/[*_~`]/g, (mark) => FORMATTING_LOOKALIKES[mark] ?? mark);

const FORMATTING_LOOKALIKES: Readonly<Record<string, string>> = { '*': '\u2217', _: '\u02CD', '~': '\u223C', '`': '\u02CB' };
export const escapedValues = (params: Readonly<Record<string, string | number>>): Record<string, string | number> =>
  Object.fromEntries(Object.entries(params).map(([k, v]) => [k, typeof v === 'string' ? escapeMrkdwn(v) : v]));
const context = (text: string): Block => ({ type: 'context', elements: [mrkdwn(text)] });

/** A Slack mention for an actor recorded as "slack:U123"; any other actor as written. */
export function mention(actor: string): string {
  return actor.startsWith('slack:') ? `<@${actor.slice('slack:'.length)}>` : actor;
}

/** "2027-04-02 10:15" in the zone the rules count in. */
export function formatInstant(at: Date, zone: string): string {
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(at);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')} ${get('hour')}:${get('minute')}`;
}

export interface EscalationLook {
  readonly zone: string;
  /** The user group mentioned when an escalation is re-posted (Slack subteam id), if any. */
  readonly escalationGroup: string | null;
  readonly acknowledgeWithinHours: number;
}

/** Staff-side deadlines are the body's own work: inviting the applicant does not help there. */
const applicantFacing = new Set(['surveillance-overdue', 'suspension', 'annual-inspection-overdue', 'pledge-not-returned', 'undelivered-reminder']);

export function escalationMessage(tr: Translator, view: EscalationView, look: EscalationLook): MessageContent {
  const e = view.escalation;
  const params = factParams(tr, e);
  const safe = escapedValues(params);
  // The header is plain text, shown as written; everything else is mrkdwn.
  const title = tr.t(`slack.title.${e.kind}.${e.stage}`, params);
  const facts = tr.t(`slack.facts.${e.kind}.${e.stage}`, safe);
  const next = tr.t(`slack.next.${e.kind}.${e.stage}`, safe);
  const blocks: Block[] = [];
  if (view.mode === 'reescalate') {
    const group = look.escalationGroup ? `<!subteam^${look.escalationGroup}>` : '<!here>';
    blocks.push(section(tr.t('slack.reescalated', { mention: group, count: look.acknowledgeWithinHours })));
  }
  blocks.push({ type: 'header', text: plain(title) });
  blocks.push({
    type: 'section',
    fields: [
      field(`*${tr.t('slack.field.case')}*\n${escapeMrkdwn(e.caseRef)}`),
      field(`*${tr.t('slack.field.organization')}*\n${escapeMrkdwn(e.detail.organization) || '—'}`),
      field(`*${tr.t('slack.field.scheme')}*\n${e.detail.scheme ? tr.t(`scheme.${e.detail.scheme}`) : '—'}`),
      field(`*${tr.t('slack.field.rules')}*\n${e.detail.rules.join(', ') || '—'}`),
      ...(view.about ? [field(`*${tr.t('slack.field.certificate')}*\n${escapeMrkdwn(view.about.certificateNo ?? '—')}`)] : []),
    ],
  });
  blocks.push(section(facts));
  if (view.about) blocks.push(...aboutBlocks(tr, view.about));
  if (e.detail.facts.estimate) blocks.push(context(tr.t('slack.estimate', { years: e.detail.facts.estimate })));
  blocks.push(section(next));
  const state = stateLine(tr, view, look.zone);
  if (state) blocks.push(section(state));
  const actions = actionButtons(tr, e);
  if (actions.length) blocks.push({ type: 'actions', block_id: `escalation:${e.id}`, elements: actions });
  blocks.push(context(tr.t('slack.raised', { day: e.detail.raisedOn })));
  const text = [tr.t(`slack.title.${e.kind}.${e.stage}`, safe), facts, state].filter(Boolean).join('\n');
  return { subject: title, text, blocks };
}

function factParams(tr: Translator, e: EscalationRecord): Record<string, string | number> {
  const facts = e.detail.facts;
  const channel = typeof facts.channel === 'string' ? facts.channel : '';
  const address = typeof facts.address === 'string' ? facts.address : '';
  return {
    ...facts,
    caseRef: e.caseRef,
    kind: tr.t(`kind.${e.detail.obligationKind}`),
    channel,
    // "none" is the outbox's word for a reminder no channel could take: said in words, never as "none ".
    tried: channel && channel !== 'none' ? [channel, address].filter(Boolean).join(' ') : tr.t('slack.triedNone'),
  };
}

const CONTACTS_SHOWN = 10; // Slack's blocks are few: beyond this, the count of contacts left out.

/** The responsible body (the contact book's answer) and each contact with how certbell can reach them. */
function aboutBlocks(tr: Translator, about: EscalationAbout): Block[] {
  const lines = about.contacts.slice(0, CONTACTS_SHOWN).map(
    (c) => `• ${tr.t('slack.about.contact', { name: escapeMrkdwn(c.name) || '—', email: escapeMrkdwn(c.email), chat: tr.t(`slack.reach.chat.${c.chat}`), mail: tr.t(`slack.reach.email.${c.emailState}`) })}`,
  );
  if (about.contacts.length > CONTACTS_SHOWN) lines.push(tr.t('slack.command.more', { count: about.contacts.length - CONTACTS_SHOWN }));
  return [
    section(escapeMrkdwn(contactLine(tr, about.body, 'staff'))),
    section(`*${tr.t('slack.about.contacts')}*\n${lines.length ? lines.join('\n') : tr.t('slack.about.noContacts')}`),
  ];
}

function stateLine(tr: Translator, view: EscalationView, zone: string): string | null {
  const e = view.escalation;
  if (e.status === 'resolved') {
    const lines = [tr.t('slack.state.resolved', { at: formatInstant(e.resolvedAt ?? e.raisedAt, zone) })];
    const last = view.resolution?.lastEvent;
    if (last) lines.push(tr.t('slack.state.lastEvent', { event: tr.t(`event.${last.type}`), date: last.date }));
    if (e.acknowledgedBy && e.acknowledgedAt) lines.push(tr.t('slack.state.acknowledged', { who: mention(e.acknowledgedBy), at: formatInstant(e.acknowledgedAt, zone) }));
    return `:white_check_mark: ${lines.join(' ')}`;
  }
  if (e.status === 'acknowledged' && e.acknowledgedBy && e.acknowledgedAt) {
    return `:eyes: ${tr.t('slack.state.acknowledged', { who: mention(e.acknowledgedBy), at: formatInstant(e.acknowledgedAt, zone) })}`;
  }
  if (e.status === 'snoozed' && e.snoozedUntil) return `:zzz: ${tr.t('slack.state.snoozed', { until: formatInstant(e.snoozedUntil, zone) })}`;
  return null;
}

function button(text: string, actionId: string, value: string, style?: 'primary' | 'danger'): Block {
  return { type: 'button', text: plain(text), action_id: actionId, value, ...(style ? { style } : {}) };
}

function actionButtons(tr: Translator, e: EscalationRecord): Block[] {
  if (e.status === 'resolved') return [];
  const buttons: Block[] = [];
  if (e.status !== 'acknowledged') {
    buttons.push(button(tr.t('slack.button.acknowledge'), actionIds.acknowledge, e.id, 'primary'));
    buttons.push(button(tr.t('slack.button.snooze1'), actionIds.snooze(1), e.id));
    buttons.push(button(tr.t('slack.button.snooze3'), actionIds.snooze(3), e.id));
  }
  buttons.push(button(tr.t('slack.button.record'), actionIds.record, e.id));
  if (applicantFacing.has(e.kind)) buttons.push(button(tr.t('slack.button.invite'), actionIds.invite, e.id));
  return buttons;
}

/** What the record-event modal carries from the click to the submission. */
export interface RecordModalState {
  readonly caseRef: string;
  readonly escalationId: string | null;
  /** Where to confirm the outcome (the channel of the clicked message). */
  readonly channelId: string | null;
}

export function recordEventModal(
  tr: Translator,
  input: { readonly caseRef: string; readonly stageName: string; readonly events: readonly string[]; readonly today: IsoDate; readonly state: RecordModalState },
): Block {
  const blocks: Block[] = [context(tr.t('slack.modal.record.case', { caseRef: input.caseRef, stage: input.stageName }))];
  if (!input.events.length) blocks.push(section(tr.t('slack.modal.record.noEvents')));
  else {
    blocks.push({
      type: 'input',
      block_id: blockIds.event,
      label: plain(tr.t('slack.modal.record.event')),
      element: { type: 'static_select', action_id: 'value', options: input.events.slice(0, 100).map((event) => ({ text: plain(tr.t(`event.${event}`).slice(0, 75)), value: event })) },
    });
    blocks.push({ type: 'input', block_id: blockIds.date, label: plain(tr.t('slack.modal.record.date')), element: { type: 'datepicker', action_id: 'value', initial_date: input.today } });
    blocks.push({
      type: 'input',
      block_id: blockIds.extra,
      optional: true,
      label: plain(tr.t('slack.modal.record.extra')),
      hint: plain(tr.t('slack.modal.record.extraHint')),
      element: { type: 'plain_text_input', action_id: 'value', max_length: 64 },
    });
  }
  return modal(tr, 'record', input.state, blocks, input.events.length > 0);
}

export function inviteModal(tr: Translator, input: { readonly caseRef: string; readonly email: string; readonly state: RecordModalState }): Block {
  return modal(tr, 'invite', input.state, [
    context(tr.t('slack.modal.invite.case', { caseRef: input.caseRef })),
    {
      type: 'input',
      block_id: blockIds.email,
      label: plain(tr.t('slack.modal.invite.email')),
      element: { type: 'email_text_input', action_id: 'value', ...(input.email ? { initial_value: input.email } : {}) },
    },
  ]);
}

/** One of certbell's modals: its words under `slack.modal.<name>.`, the state it carries back, a submit button when there is something to submit. */
function modal(tr: Translator, name: keyof typeof callbackIds, state: RecordModalState, blocks: Block[], submit = true): Block {
  return {
    type: 'modal',
    callback_id: callbackIds[name],
    private_metadata: JSON.stringify(state),
    title: plain(tr.t(`slack.modal.${name}.title`).slice(0, 24)),
    close: plain(tr.t('slack.modal.cancel')),
    ...(submit ? { submit: plain(tr.t(`slack.modal.${name}.submit`)) } : {}),
    blocks,
  };
}

function obligationLine(tr: Translator, o: PlannedObligation): string {
  return tr.t('slack.command.obligation', { dueOn: o.dueOn, kind: tr.t(`kind.${o.kind}`), status: tr.t(`status.${o.status}`), rule: o.rules[0] ?? '', caseRef: escapeMrkdwn(o.caseRef) });
}

/** Slack shows at most 50 blocks a message; long lists are cut, saying how many were left out. */
const LIST_LIMIT = 40;

export function obligationList(tr: Translator, heading: string, obligations: readonly PlannedObligation[], total: number): { text: string; blocks: Block[] } {
  const shown = obligations.slice(0, LIST_LIMIT);
  const lines = shown.map((o) => `• ${obligationLine(tr, o)}`);
  const blocks: Block[] = [section(heading)];
  // Several lines per section keeps long lists within the block limit.
  for (let i = 0; i < lines.length; i += 10) blocks.push(section(lines.slice(i, i + 10).join('\n')));
  if (!shown.length) blocks.push(section(tr.t('slack.command.none')));
  if (total > shown.length) blocks.push(context(tr.t('slack.command.more', { count: total - shown.length })));
  return { text: heading, blocks };
}

export function caseCard(tr: Translator, view: CaseView): { text: string; blocks: Block[] } {
  const r = view.record;
  const header = tr.t('slack.command.case.header', { caseRef: r.ref, organization: r.organization.name });
  // The top-level text is mrkdwn (and the notification when posted): the data in it escaped.
  const text = tr.t('slack.command.case.header', escapedValues({ caseRef: r.ref, organization: r.organization.name }));
  const stage = tr.t(`stage.${r.scheme}.${r.state.stage}`);
  const nextKey: MessageKey = `next.${r.scheme}.${r.state.stage}`;
  const next = tr.t(nextKey);
  const blocks: Block[] = [
    { type: 'header', text: plain(header) },
    section(tr.t('slack.command.case.summary', { scheme: tr.t(`scheme.${r.scheme}`), level: r.level, stage })),
  ];
  if (next !== nextKey) blocks.push(section(tr.t('slack.command.case.next', { next })));
  blocks.push(section(tr.t('slack.command.case.obligations', { asOf: view.asOf })));
  blocks.push(
    section(
      view.obligations.length
        ? view.obligations.slice(0, LIST_LIMIT).map((o) => `• ${obligationLine(tr, o)}\n   _${escapeMrkdwn(tr.explain(o.explanation))}_`).join('\n')
        : tr.t('slack.command.case.noObligations'),
    ),
  );
  const events = view.history.slice(-5);
  if (events.length) {
    blocks.push(section(tr.t('slack.command.case.events')));
    blocks.push(section(events.map((e) => `• ${tr.t('slack.command.case.event', { date: e.date, event: tr.t(`event.${e.type}`) })}`).join('\n')));
  }
  return { text, blocks };
}
