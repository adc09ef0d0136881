// Escalations travel through the outbox like every notification: a row per message, written before
// anything is posted, composed just before it is sent (cancelled when no longer needed).
import { todayIn } from '../domain/calendar/calendar-date.js';
import { escalationAbout } from './escalation-about.js';
import type { EscalationDeps, EscalationOutboxDetail, EscalationRecord, GatheredNoticeDetail } from './escalation-ports.js';
import type { Composition, NewOutboxEntry, OutboxComposer } from './reminder-ports.js';
import { obligationOwed, resolveEscalation } from './resolve-escalations.js';

/**
 * The outbox row of an escalation message. Its key is unique, so the first post is written once
 * however many sweeps see it, and each re-escalation once (named by the deadline it answers).
 */
export function escalationOutboxEntry(deps: EscalationDeps, escalation: EscalationRecord, mode: EscalationOutboxDetail['mode'], now: Date): NewOutboxEntry {
  const round = mode === 'post' ? 'post' : `reescalate@${(escalation.snoozedUntil ?? escalation.raisedAt).toISOString()}`;
  const key = `escalation|${escalation.key}|${round}`;
  const detail: EscalationOutboxDetail = { escalationId: escalation.id, mode };
  return {
    key,
    reminder: key,
    purpose: 'escalation',
    detail: JSON.stringify(detail),
    caseRef: escalation.caseRef,
    kind: escalation.detail.obligationKind,
    occurrence: escalation.detail.obligationOccurrence,
    step: mode === 'post' ? escalation.stage : 'reescalate',
    contactId: '',
    channel: 'slack',
    address: mode === 'post' ? deps.settings.staffChannel : deps.settings.escalationChannel,
    locale: deps.settings.locale,
    status: 'pending',
    lastError: null,
    notBefore: now,
  };
}

/** Composes escalation rows for the dispatcher (purpose 'escalation'). */
export function escalationComposer(deps: EscalationDeps): OutboxComposer {
  const detailOf = (detail: string | null): EscalationOutboxDetail | null => {
    if (!detail) return null;
    const parsed = JSON.parse(detail) as Partial<EscalationOutboxDetail>;
    return typeof parsed.escalationId === 'string' && (parsed.mode === 'post' || parsed.mode === 'reescalate') ? (parsed as EscalationOutboxDetail) : null;
  };
  return {
    async compose(row, now) {
      const gathered = gatheredOf(row.detail);
      if (gathered) return composeGathered(deps, gathered, row.locale, now);
      const detail = detailOf(row.detail);
      if (!detail) return { kind: 'cancel', reason: 'no-detail' };
      const escalation = await deps.escalations.byId(detail.escalationId);
      if (!escalation) return { kind: 'cancel', reason: 'escalation-gone' };
      if (escalation.status === 'resolved') return { kind: 'cancel', reason: 'resolved' };
      if (detail.mode === 'reescalate' && escalation.status === 'acknowledged') return { kind: 'cancel', reason: 'acknowledged' };
      const today = todayIn(now, deps.zone);
      // Re-checked just before posting: an event recorded since the sweep may have met the obligation.
      if (!(await obligationOwed(deps, escalation, today))) {
        await resolveEscalation(deps, escalation, now);
        return { kind: 'cancel', reason: 'obligation-met' };
      }
      return { kind: 'send', message: deps.renderer.render({ escalation, mode: detail.mode, today, about: await escalationAbout(deps, escalation) }, row.locale) };
    },
    async delivered(row, providerId, at) {
      const detail = detailOf(row.detail);
      // Slack names a message by channel and ts; the first post is the one later versions replace.
      const [channelId, ts] = providerId?.split(':') ?? [];
      if (detail?.mode === 'post' && channelId && ts) await deps.escalations.posted(detail.escalationId, channelId, ts, at);
    },
  };
}

function gatheredOf(detail: string | null): GatheredNoticeDetail | null {
  if (!detail) return null;
  const parsed = JSON.parse(detail) as Partial<GatheredNoticeDetail>;
  return parsed.mode === 'gathered' && Array.isArray(parsed.escalationIds) ? (parsed as GatheredNoticeDetail) : null;
}

/**
 * Gathered notices of undelivered reminders, as they stand when the message goes out: those resolved
 * meanwhile, or whose obligation was met, are left out, and with none left nothing is posted. The
 * message is not tied to any one of them (no later version replaces it; the staff digest follows them).
 */
async function composeGathered(deps: EscalationDeps, detail: GatheredNoticeDetail, locale: string, now: Date): Promise<Composition> {
  const today = todayIn(now, deps.zone);
  const open: EscalationRecord[] = [];
  for (const id of detail.escalationIds) {
    const escalation = await deps.escalations.byId(id);
    if (escalation && escalation.status !== 'resolved' && (await obligationOwed(deps, escalation, today))) open.push(escalation);
  }
  if (!open.length) return { kind: 'cancel', reason: 'obligation-met' };
  return { kind: 'send', message: deps.renderer.renderGathered(open, locale) };
}
