import { fallbackAfter } from './channel-choice.js';
import type { ContactAddresses, DeliveryChannel, DeliveryResult } from './delivery.js';
import { CUT_SHORT, sendWithin } from './dispatch-stop.js';
import type { DispatchStop } from './dispatch-stop.js';
import type { SendRateLimiter } from './rate-limiter.js';
import { STAFF_REPORT_CHANNEL } from './reminder-ports.js';
import type { MessageRenderer, OutboxComposer, OutboxEntry, OutboxPurpose, ReminderDeps, StaffReportDetail } from './reminder-ports.js';
import { quietHoursEnd } from './quiet-hours.js';
import { reminderComposer, staffReportComposer } from './reminder-composers.js';

export { quietHoursEnd };
export type { DispatchStop };

export interface DispatchPolicy {
  /** Chat messages are held from `start` until `end` local time ("21:00" to "08:00"). */
  readonly quietHours: { readonly start: string; readonly end: string } | null;
  readonly maxAttempts: number;
  readonly backoffBaseMs: number;
  readonly backoffCapMs: number;
  /** How long a claimed row stays leased to its dispatcher before another may take it over. */
  readonly leaseMs: number;
  readonly batchSize: number;
}

export const defaultDispatchPolicy: DispatchPolicy = {
  quietHours: { start: '21:00', end: '08:00' },
  maxAttempts: 8,
  backoffBaseMs: 30_000,
  backoffCapMs: 6 * 3_600_000,
  leaseMs: 120_000,
  batchSize: 50,
};

export interface DispatchDeps extends ReminderDeps {
  readonly renderer: MessageRenderer;
  readonly dispatch: DispatchPolicy;
  /** The send-rate limiter of each channel whose adapter declares a rate (limitersFor). */
  readonly limiters: ReadonlyMap<string, SendRateLimiter>;
  readonly sleep: (ms: number) => Promise<void>;
  readonly random: () => number;
  /** Composers of the purposes other than reminders and staff reports (digests, escalations). */
  readonly composers?: Partial<Record<OutboxPurpose, OutboxComposer>>;
  /** Records on the contact that the mail server refused its address for good (digests then skip it). */
  readonly markEmailRejected?: (contactId: string, reason: string, at: Date) => Promise<void>;
  /** When Slack is configured: raises a staff escalation for a reminder no channel could deliver; true if new. */
  readonly escalateUndelivered?: (row: OutboxEntry, reason: string, at: Date) => Promise<boolean>;
  /** When a dispatch ends: posts the notices it raised, gathered into one message. */
  readonly postUndeliveredNotices?: (at: Date) => Promise<void>;
  /** Told the outcome of every claimed row (operations metrics); never the message itself. */
  readonly onOutcome?: (event: DispatchOutcome) => void;
}

export interface DispatchOutcome {
  readonly purpose: OutboxPurpose;
  readonly channel: OutboxEntry['channel'];
  /** 'conflict': the row's lease ran out and another instance took it over; this one left it alone. */
  readonly outcome: 'sent' | 'retried' | 'held' | 'failed' | 'cancelled' | 'conflict';
  /** A sent row: how long after its notBefore it went out. */
  readonly latencyMs?: number;
}

function observe(deps: DispatchDeps, row: OutboxEntry, outcome: DispatchOutcome['outcome'], now: Date): void {
  deps.onOutcome?.({ purpose: row.purpose, channel: row.channel, outcome, ...(outcome === 'sent' ? { latencyMs: Math.max(0, now.getTime() - row.notBefore.getTime()) } : {}) });
}

export interface DispatchReport {
  sent: number;
  retried: number;
  held: number;
  failed: number;
  cancelled: number;
  fellBack: number;
  /** Staff reports written for reminders that could not be delivered. */
  reported: number;
  /** Rows another instance took over (this one's lease ran out): not sent, or their outcome not recorded here. */
  conflicts: number;
  /** Escalations Slack refused for good or kept failing: staff get them by email, and the service logs an error. */
  escalationsFailed: number;
  /** The service is stopping: claimed rows given back unsent (and a send cut short at its deadline), pending again. */
  released: number;
}

/** Sends what the outbox has due, once: claims rows, re-checks them, sends, and records each outcome. */
export async function dispatchOutbox(deps: DispatchDeps, instance: string, stop?: DispatchStop): Promise<DispatchReport> {
  const report: DispatchReport = { sent: 0, retried: 0, held: 0, failed: 0, cancelled: 0, fellBack: 0, reported: 0, conflicts: 0, escalationsFailed: 0, released: 0 };
  if (stop?.signal.aborted) return report;
  const rows = await deps.outbox.claim(instance, deps.clock.now(), deps.dispatch.batchSize, deps.dispatch.leaseMs);
  const fenced = { ...deps, outbox: fencedOutbox(deps, rows, report) };
  for (const [i, row] of rows.entries()) {
    if (stop?.signal.aborted) {
      // Stopping: what was claimed and not started goes back to pending at once, for the next
      // dispatch of any instance, without waiting for the lease to run out and without an attempt.
      report.released += await deps.outbox.release(rows.slice(i).map((r) => r.id), instance);
      break;
    }
    await dispatchOne(fenced, instance, row, report, rows.slice(i + 1), stop);
  }
  await deps.postUndeliveredNotices?.(deps.clock.now());
  return report;
}

/**
 * The outbox as this dispatch uses it: an outcome written for a row that is no longer this
 * instance's (its lease ran out and another took it over) changes nothing, and is counted.
 */
function fencedOutbox(deps: DispatchDeps, rows: readonly OutboxEntry[], report: DispatchReport): DispatchDeps['outbox'] {
  const byId = new Map(rows.map((r) => [r.id, r]));
  const conflict = (id: string) => {
    report.conflicts++;
    const row = byId.get(id);
    if (row) observe(deps, row, 'conflict', deps.clock.now());
  };
  return {
    ...deps.outbox,
    finish: async (id, instance, outcome, at) => (await deps.outbox.finish(id, instance, outcome, at)) || (conflict(id), false),
    postpone: async (id, instance, notBefore, reason, attempted) => (await deps.outbox.postpone(id, instance, notBefore, reason, attempted)) || (conflict(id), false),
  };
}

async function dispatchOne(deps: DispatchDeps, instance: string, row: OutboxEntry, report: DispatchReport, rest: readonly OutboxEntry[], stop?: DispatchStop): Promise<void> {
  const now = deps.clock.now();
  const composer = composerFor(deps, row.purpose);
  if (!composer) {
    await fail(deps, instance, row, `purpose-off:${row.purpose}`, false, report);
    return;
  }
  const composition = await composer.compose(row, now);
  if (composition.kind === 'cancel') {
    await deps.outbox.finish(row.id, instance, { status: 'cancelled', error: composition.reason, attempted: false }, now);
    report.cancelled++;
    observe(deps, row, 'cancelled', now);
    return;
  }
  const channel = row.channel === 'none' ? undefined : deps.channels[row.channel];
  if (!channel) {
    // 'none': the sweep found no way to reach the contact (no email, no chat), which staff must hear of.
    await fail(deps, instance, row, row.channel === 'none' ? 'no-channel' : `channel-off:${row.channel}`, false, report);
    return;
  }
  if (channel.policy?.quietHours) {
    const quietUntil = quietHoursEnd(deps.dispatch, now, deps.zone);
    if (quietUntil) {
      await deps.outbox.postpone(row.id, instance, quietUntil, null, false);
      report.held++;
      observe(deps, row, 'held', now);
      return;
    }
  }
  const limiter = deps.limiters.get(row.channel);
  while (limiter) {
    const slot = limiter.reserve(row.address, deps.clock.now().getTime());
    if (slot.waitMs === 0) break;
    // One chat among many waits for a later dispatch; a staff channel is waited for in turn, as a
    // burst of escalations to it would otherwise go out one per dispatch (each channel says which).
    if (slot.scope === 'chat' && channel.policy?.laterWhenDestinationBusy) {
      await deps.outbox.postpone(row.id, instance, new Date(deps.clock.now().getTime() + slot.waitMs), null, false);
      report.held++;
      observe(deps, row, 'held', now);
      return;
    }
    await deps.sleep(slot.waitMs);
  }
  // Sent only while this instance holds the row. Its lease, and that of the rest of the batch, is
  // renewed now and outlasts the send (each channel bounds its own): a live dispatcher keeps its
  // batch however slow the provider, and a row another instance took over is left to it.
  const held = await deps.outbox.renew([row.id, ...rest.map((r) => r.id)], instance, new Date(deps.clock.now().getTime() + deps.dispatch.leaseMs));
  if (!held.has(row.id)) {
    report.conflicts++;
    observe(deps, row, 'conflict', now);
    return;
  }
  const result = await sendWithin(channel.send({ ...composition.message, address: row.address, key: row.key }), stop);
  if (result === CUT_SHORT) {
    // The provider had not answered when the stop deadline came: not accepted (SMTP takes a message
    // only with its reply to the data), so the row goes back to pending, due at once, not counted
    // as an attempt (the stop, not the provider, ended it). The connection closes as the process exits.
    if (await deps.outbox.postpone(row.id, instance, deps.clock.now(), 'cut-short: the service stopped', false)) report.released++;
    return;
  }
  await record(deps, instance, row, channel, result, report, composition.contact);
}

function composerFor(deps: DispatchDeps, purpose: OutboxPurpose): OutboxComposer | undefined {
  if (purpose === 'reminder') return reminderComposer(deps);
  if (purpose === 'staff-report') return staffReportComposer(deps);
  return deps.composers?.[purpose];
}

async function record(deps: DispatchDeps, instance: string, row: OutboxEntry, channel: DeliveryChannel, result: DeliveryResult, report: DispatchReport, contact?: ContactAddresses | null): Promise<void> {
  const now = deps.clock.now();
  switch (result.kind) {
    case 'sent':
      await deps.outbox.finish(row.id, instance, { status: 'sent', attempted: true, ...(result.providerId ? { providerRef: result.providerId } : {}) }, now);
      report.sent++;
      observe(deps, row, 'sent', now);
      await composerFor(deps, row.purpose)?.delivered?.(row, result.providerId, now);
      return;
    case 'retry': {
      if (result.afterMs !== undefined) {
        // Rate limited: the provider said when. Deferred, not attempted: a burst of escalations
        // into Slack's per-channel limit must never use up their attempts and be given up.
        deps.limiters.get(row.channel)?.pause(now.getTime() + result.afterMs);
        await deps.outbox.postpone(row.id, instance, new Date(now.getTime() + result.afterMs), result.reason, false);
        report.held++;
        observe(deps, row, 'held', now);
        return;
      }
      if (row.attempts + 1 >= deps.dispatch.maxAttempts) {
        await fail(deps, instance, row, `gave-up: ${result.reason}`, true, report);
        return;
      }
      const waitMs = backoff(deps, row.attempts);
      await deps.outbox.postpone(row.id, instance, new Date(now.getTime() + waitMs), result.reason, true);
      report.retried++;
      observe(deps, row, 'retried', now);
      return;
    }
    case 'blocked': {
      await deps.recipients.markChatBlocked(row.address, now);
      // A channel that declares so (a chat that blocked the bot) falls back to the next channel of the
      // preference that reaches the contact, as a second row of the same reminder.
      const next = fallbackAfter(deps.channels, deps.channelPreference, channel, contact);
      if (next) {
        await deps.outbox.finish(row.id, instance, { status: 'failed', error: `blocked: ${result.reason}`, attempted: true }, now);
        report.failed++;
        observe(deps, row, 'failed', now);
        const fallback = { ...row, key: `${row.reminder}|${next.channel}`, reminder: `${row.reminder}|fallback`, channel: next.channel, address: next.address, locale: next.locale ?? row.locale, status: 'pending' as const, lastError: null, notBefore: now };
        if (await deps.outbox.enqueueFallback(fallback, now)) report.fellBack++;
        return;
      }
      await fail(deps, instance, row, `blocked: ${result.reason}`, true, report);
      return;
    }
    case 'rejected':
      await fail(deps, instance, row, `rejected: ${result.reason}`, true, report);
  }
}

/**
 * A message that could not be delivered: recorded as failed. A reminder is reported to staff by email
 * (and in Slack, when configured); an escalation Slack refused or kept failing reaches staff by email
 * instead. A staff report that fails is not reported again: no loops.
 */
async function fail(deps: DispatchDeps, instance: string, row: OutboxEntry, reason: string, attempted: boolean, report: DispatchReport): Promise<void> {
  const now = deps.clock.now();
  await deps.outbox.finish(row.id, instance, { status: 'failed', error: reason, attempted }, now);
  report.failed++;
  observe(deps, row, 'failed', now);
  await composerFor(deps, row.purpose)?.failed?.(row, reason, now);
  if (row.purpose === 'escalation' && attempted) {
    report.escalationsFailed++;
    await reportToStaff(deps, row, { about: 'escalation', caseRef: row.caseRef, kind: row.kind, step: row.step, channel: row.channel, address: row.address, reason }, report, now);
    return;
  }
  if (row.purpose !== 'reminder') return;
  if (deps.escalateUndelivered && (await deps.escalateUndelivered(row, reason, now))) report.reported++;
  await reportToStaff(deps, row, { caseRef: row.caseRef, kind: row.kind, step: row.step, channel: row.channel, address: row.address, reason }, report, now);
}

/** An email to each staff address about an undelivered message (once per message and address). */
async function reportToStaff(deps: DispatchDeps, row: OutboxEntry, detail: StaffReportDetail, report: DispatchReport, now: Date): Promise<void> {
  if (!deps.channels[STAFF_REPORT_CHANNEL] || !deps.staff.emails.length) return;
  const reports = deps.staff.emails.map((email) => ({
    key: `${row.key}|staff|${email}`,
    reminder: `${row.key}|staff|${email}`,
    purpose: 'staff-report' as const,
    detail: JSON.stringify(detail),
    caseRef: row.caseRef,
    kind: row.kind,
    occurrence: row.occurrence,
    step: row.step,
    contactId: row.contactId,
    channel: STAFF_REPORT_CHANNEL,
    address: email,
    locale: deps.staff.locale,
    status: 'pending' as const,
    lastError: null,
    notBefore: now,
  }));
  report.reported += await deps.outbox.enqueue(reports, now);
}

/** Exponential back-off with jitter (half to full length), so that many retries do not land together. */
function backoff(deps: DispatchDeps, attemptsSoFar: number): number {
  const full = Math.min(deps.dispatch.backoffCapMs, deps.dispatch.backoffBaseMs * 2 ** attemptsSoFar);
  return Math.round(full * (0.5 + deps.random() / 2));
}
