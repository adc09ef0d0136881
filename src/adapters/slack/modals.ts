// The submissions of the record-event and invite-contact modals. Bad input is answered on the field it
// concerns, in the staff's language, and nothing is written.
import type { App, ViewOutput } from '@slack/bolt';
import { inviteContact } from '../../app/invite-contact.js';
import { recordEvent, settleCases } from '../../app/record-event.js';
import { parseEventInput } from '../../app/validate-case.js';
import type { DomainError } from '../../domain/result.js';
import { blockIds, callbackIds, formatInstant } from './blocks.js';
import type { RecordModalState } from './blocks.js';
import { actorOf, errorText, tellUser } from './context.js';
import type { Client, ListenerContext } from './context.js';

type Values = ViewOutput['state']['values'];

function stateOf(view: ViewOutput): RecordModalState | null {
  try {
    const parsed = JSON.parse(view.private_metadata) as Partial<RecordModalState>;
    return typeof parsed.caseRef === 'string' ? { caseRef: parsed.caseRef, escalationId: parsed.escalationId ?? null, channelId: parsed.channelId ?? null } : null;
  } catch {
    return null;
  }
}

const field = (values: Values, block: string) => values[block]?.value;

/** Which field of the record modal an error belongs to. */
function recordField(error: DomainError): string {
  if (/^date\/|^event\/(in-future|before-previous)$/.test(error.code)) return blockIds.date;
  if (/^(level|certificate)\/|^event\/missing-field$/.test(error.code)) return blockIds.extra;
  return blockIds.event;
}

/** certificate-issued takes its number, certificate-downgraded its new level, from the one optional field. */
function extraFields(type: string, extra: string): { certificateNo?: string; level?: string } {
  if (!extra) return {};
  if (type === 'certificate-issued') return { certificateNo: extra };
  if (type === 'certificate-downgraded') return { level: extra };
  return {};
}

export function registerModals(app: App, ctx: ListenerContext): void {
  const { tr } = ctx;
  const deps = ctx.deps.escalation;

  /**
   * private_metadata comes back from the client as sent, or as anyone with the signing secret's
   * requests writes it: the case is taken from the stored escalation the modal was opened for,
   * never from the metadata's own caseRef.
   */
  const trusted = async (view: ViewOutput): Promise<RecordModalState | null> => {
    const sent = stateOf(view);
    const escalation = sent?.escalationId ? await deps.escalations.byId(sent.escalationId) : null;
    return sent && escalation ? { ...sent, caseRef: escalation.caseRef } : null;
  };

  app.view(callbackIds.record, async ({ ack, body, view, client }) => {
    const userId = body.user.id;
    const state = await trusted(view);
    // Access may have been withdrawn between opening the modal and submitting it.
    if (!state || !(await ctx.access.isStaff(userId))) {
      ctx.log.warn({ userId, what: 'record event' }, ctx.logTr.t('slack.log.refused', { userId, what: 'record event' }));
      await ack({ response_action: 'errors', errors: { [blockIds.event]: tr.t('slack.refused') } });
      return;
    }
    const type = field(view.state.values, blockIds.event)?.selected_option?.value ?? '';
    const date = field(view.state.values, blockIds.date)?.selected_date ?? '';
    const extra = (field(view.state.values, blockIds.extra)?.value ?? '').trim();
    if (!type) {
      await ack({ response_action: 'errors', errors: { [blockIds.event]: tr.t('slack.error.modal/bad-event') } });
      return;
    }
    const parsed = parseEventInput({ type, date, ...extraFields(type, extra) });
    if (!parsed.event) {
      await ack({ response_action: 'errors', errors: { [recordField(parsed.error)]: errorText(tr, parsed.error) } });
      return;
    }
    const result = await recordEvent(deps, { ref: state.caseRef, event: parsed.event }, actorOf(userId));
    if (!result.ok) {
      await ack({ response_action: 'errors', errors: { [recordField(result.error)]: errorText(tr, result.error) } });
      return;
    }
    await ack();
    // The use case's own settling, after the acknowledgement: Slack closes a modal only if answered
    // within 3 s, and settling updates Slack messages. The event may have met what an escalation of
    // this case was about: its message says so now.
    await settleCases({ escalations: deps }, [result.value.ref]);
    await tellUser(
      ctx,
      client as Client,
      state.channelId,
      userId,
      tr.t('slack.done.recorded', { caseRef: result.value.ref, event: tr.t(`event.${parsed.event.type}`), date: parsed.event.date, stage: tr.t(`stage.${result.value.scheme}.${result.value.state.stage}`) }),
    );
  });

  app.view(callbackIds.invite, async ({ ack, body, view, client }) => {
    const userId = body.user.id;
    const state = await trusted(view);
    if (!state || !(await ctx.access.isStaff(userId))) {
      ctx.log.warn({ userId, what: 'invite contact' }, ctx.logTr.t('slack.log.refused', { userId, what: 'invite contact' }));
      await ack({ response_action: 'errors', errors: { [blockIds.email]: tr.t('slack.refused') } });
      return;
    }
    if (!ctx.deps.invite) {
      await ack({ response_action: 'errors', errors: { [blockIds.email]: tr.t('slack.inviteOff') } });
      return;
    }
    const email = (field(view.state.values, blockIds.email)?.value ?? '').trim();
    if (!email) {
      await ack({ response_action: 'errors', errors: { [blockIds.email]: tr.t('slack.error.modal/bad-email') } });
      return;
    }
    const result = await inviteContact(ctx.deps.invite, { caseRef: state.caseRef, email, actor: actorOf(userId) });
    if (!result.ok) {
      await ack({ response_action: 'errors', errors: { [blockIds.email]: errorText(tr, result.error) } });
      return;
    }
    await ack();
    // The link binds a chat to the contact's cases: only the staff member who asked sees it.
    await tellUser(
      ctx,
      client as Client,
      state.channelId,
      userId,
      tr.t('slack.done.invited', { name: result.value.contactName, caseRef: state.caseRef, expiresAt: formatInstant(result.value.expiresAt, deps.zone), link: result.value.link }),
    );
  });
}
