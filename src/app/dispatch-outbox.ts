import { timeLeftOf } from '../domain/time-left.js';
import { contactBook } from './contacts/contact-book.js';
import { todayIn } from '../domain/calendar/calendar-date.js';
import type { PlannedObligation } from '../domain/obligations.js';
import type { DeliveryResult } from './delivery.js';
import type { SendRateLimiter } from './rate-limiter.js';
import type { MessageRenderer, OutboxComposer, OutboxEntry, OutboxPurpose, ReminderDeps, StaffReportDetail } from './reminder-ports.js';

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
  readonly telegramLimiter: SendRateLimiter;
  /** Slack's: about one post a second to one channel, with short bursts. */
  readonly slackLimiter?: SendRateLimiter;
  readonly sleep: (ms: number) => Promise<void>;
  readonly random: () => number;
  /** Composers of the purposes other than reminders and staff reports (digests, escalations). */
  readonly composers?: Partial<Record<OutboxPurpose, OutboxComposer>>;
  /** Records on the contact that the mail server refused its address for good (digests then skip it). */
  readonly markEmailRejected?: (contactId: string, reason: string, at: Date) => Promise<void>;
  /** When Slack is configured: raises a staff escalation for a reminder no channel could deliver; true if new. */
  readonly escalateUndelivered?: (row: OutboxEntry, reason: string, at: Date) => Promise<boolean>;
  /** Told the outcome of every claimed row (operations metrics); never the message itself. */
  readonly onOutcome?: (event: DispatchOutcome) => void;
}

export interface DispatchOutcome {
  readonly purpose: OutboxPurpose;
  readonly channel: OutboxEntry['channel'];
  readonly outcome: 'sent' | 'retried' | 'held' | 'failed' | 'cancelled';
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
}

/** Sends what the outbox has due, once: claims rows, re-checks them, sends, and records each outcome. */
export async function dispatchOutbox(deps: DispatchDeps, instance: string): Promise<DispatchReport> {
  const report: DispatchReport = { sent: 0, retried: 0, held: 0, failed: 0, cancelled: 0, fellBack: 0, reported: 0 };
  const rows = await deps.outbox.claim(instance, deps.clock.now(), deps.dispatch.batchSize, deps.dispatch.leaseMs);
  for (const row of rows) await dispatchOne(deps, instance, row, report);
  return report;
}

async function dispatchOne(deps: DispatchDeps, instance: string, row: OutboxEntry, report: DispatchReport): Promise<void> {
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
  if (row.channel === 'telegram') {
    const quietUntil = quietHoursEnd(deps.dispatch, now, deps.zone);
    if (quietUntil) {
      await deps.outbox.postpone(row.id, instance, quietUntil, null, false);
      report.held++;
      observe(deps, row, 'held', now);
      return;
    }
  }
  const limiter = limiterFor(deps, row.channel);
  while (limiter) {
    const slot = limiter.reserve(row.address, deps.clock.now().getTime());
    if (slot.waitMs === 0) break;
    // One chat among many waits for a later dispatch; a Slack channel (staff have one or two) is
    // waited for in turn, as a burst of escalations to it would otherwise go out one per dispatch.
    if (slot.scope === 'chat' && row.channel === 'telegram') {
      await deps.outbox.postpone(row.id, instance, new Date(deps.clock.now().getTime() + slot.waitMs), null, false);
      report.held++;
      observe(deps, row, 'held', now);
      return;
    }
    await deps.sleep(slot.waitMs);
  }
  const result = await channel.send({ ...composition.message, address: row.address, key: row.key });
  await record(deps, instance, row, result, report, composition.fallbackEmail ?? null);
}

function limiterFor(deps: DispatchDeps, channel: OutboxEntry['channel']): SendRateLimiter | undefined {
  if (channel === 'telegram') return deps.telegramLimiter;
  if (channel === 'slack') return deps.slackLimiter;
  return undefined;
}

function composerFor(deps: DispatchDeps, purpose: OutboxPurpose): OutboxComposer | undefined {
  if (purpose === 'reminder') return reminderComposer(deps);
  if (purpose === 'staff-report') return staffReportComposer(deps);
  return deps.composers?.[purpose];
}

/** A reminder in the contact's language, or cancelled when an event recorded since the sweep met the obligation. */
function reminderComposer(deps: DispatchDeps): OutboxComposer {
  return {
    async compose(row, now) {
      const today = todayIn(now, deps.zone);
      // Re-checked just before sending: an event recorded since the sweep may have met the obligation.
      const obligation = await openObligation(deps, row, today);
      if (!obligation) return { kind: 'cancel', reason: 'obligation-met' };
      const recipient = (await deps.recipients.recipientsOf([row.caseRef])).get(row.caseRef)?.find((r) => r.contactId === row.contactId);
      const message = deps.renderer.render({
        step: { id: row.step, overdue: row.step === 'overdue' },
        obligation,
        recipient: { name: recipient?.name ?? '', locale: row.locale, province: recipient?.province ?? null },
        caseRef: row.caseRef,
        today,
        left: timeLeftOf(obligation, today, deps.calendar),
        contact: contactBook().answer(obligation.scheme, recipient?.province ?? null),
      });
      return { kind: 'send', message, fallbackEmail: recipient?.email ?? null };
    },
    async failed(row, reason, at) {
      if (row.channel === 'email' && reason.startsWith('rejected:')) await deps.markEmailRejected?.(row.contactId, reason, at);
    },
  };
}

function staffReportComposer(deps: DispatchDeps): OutboxComposer {
  return {
    compose(row) {
      if (!row.detail) return Promise.resolve({ kind: 'cancel', reason: 'no-detail' });
      return Promise.resolve({ kind: 'send', message: deps.renderer.renderStaffReport(JSON.parse(row.detail) as StaffReportDetail, row.locale) });
    },
  };
}

async function record(deps: DispatchDeps, instance: string, row: OutboxEntry, result: DeliveryResult, report: DispatchReport, fallbackEmail: string | null = null): Promise<void> {
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
        limiterFor(deps, row.channel)?.pause(now.getTime() + result.afterMs);
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
      // A chat that blocked the bot falls back to the contact's email, as a second row of the same reminder.
      if (row.channel === 'telegram' && deps.channels.email && fallbackEmail) {
        await deps.outbox.finish(row.id, instance, { status: 'failed', error: `blocked: ${result.reason}`, attempted: true }, now);
        report.failed++;
        observe(deps, row, 'failed', now);
        const fallback = { ...row, key: `${row.reminder}|email`, reminder: `${row.reminder}|fallback`, channel: 'email' as const, address: fallbackEmail, status: 'pending' as const, lastError: null, notBefore: now };
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

/** A reminder that no channel could deliver: recorded as failed, and reported to staff by email (and in Slack, when configured). */
async function fail(deps: DispatchDeps, instance: string, row: OutboxEntry, reason: string, attempted: boolean, report: DispatchReport): Promise<void> {
  const now = deps.clock.now();
  await deps.outbox.finish(row.id, instance, { status: 'failed', error: reason, attempted }, now);
  report.failed++;
  observe(deps, row, 'failed', now);
  await composerFor(deps, row.purpose)?.failed?.(row, reason, now);
  // A staff report (or an escalation) that fails is not reported again: no loops.
  if (row.purpose !== 'reminder') return;
  if (deps.escalateUndelivered && (await deps.escalateUndelivered(row, reason, now))) report.reported++;
  if (!deps.channels.email || !deps.staff.emails.length) return;
  const detail: StaffReportDetail = { caseRef: row.caseRef, kind: row.kind, step: row.step, channel: row.channel, address: row.address, reason };
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
    channel: 'email' as const,
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

async function openObligation(deps: DispatchDeps, row: OutboxEntry, today: string): Promise<PlannedObligation | null> {
  for await (const page of deps.cases.obligations({ asOf: today, caseRef: row.caseRef })) {
    const found = page.find((o) => o.kind === row.kind && o.occurrence === row.occurrence);
    if (found) return found;
  }
  return null;
}

/** When the quiet hours that `now` falls in end (local time in `zone`), or null outside them. */
export function quietHoursEnd(policy: DispatchPolicy, now: Date, zone: string): Date | null {
  if (!policy.quietHours) return null;
  const minutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
  const local = localMinutes(now, zone);
  const start = minutes(policy.quietHours.start);
  const end = minutes(policy.quietHours.end);
  const quiet = start > end ? local >= start || local < end : local >= start && local < end;
  if (!quiet) return null;
  const untilEnd = (end - local + 24 * 60) % (24 * 60);
  const at = new Date(now.getTime() + untilEnd * 60_000);
  at.setUTCSeconds(0, 0);
  return at;
}

function localMinutes(now: Date, zone: string): number {
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone: zone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(now);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  return get('hour') * 60 + get('minute');
}
