import { toldToApplicant } from '../domain/schemes/registry.js';
import { compareDates, todayIn } from '../domain/calendar/calendar-date.js';
import type { IsoDate } from '../domain/calendar/calendar-date.js';
import type { PlannedObligation } from '../domain/obligations.js';
import { reminderDue } from '../domain/reminders.js';
import type { ReminderStep } from '../domain/reminders.js';
import { firstReaching } from './channel-choice.js';
import type { NewOutboxEntry, OutboxRepository, Recipient, ReminderDeps } from './reminder-ports.js';

export interface SweepResult {
  readonly asOf: IsoDate;
  /**
   * What the sweep found due and not yet in the outbox, one per reminder and contact (enqueued unless
   * a dry run; a reminder that found no channel before is listed again once its contact has one);
   * empty when pages went to `onPage`.
   */
  readonly reminders: readonly NewOutboxEntry[];
  /** Due reminders of cases with no contact to send them to. */
  readonly unaddressed: readonly { readonly caseRef: string; readonly kind: string; readonly step: string }[];
  readonly enqueued: number;
}

/** The reminder of a step to one contact: the same in every sweep, on any instance. */
function reminderId(o: PlannedObligation, step: ReminderStep, contactId: string): string {
  return [o.caseRef, o.kind, o.occurrence, step.id, contactId].join('|');
}

/**
 * Turns every reminder step due on asOf into an outbox row, once. Run daily; a run after downtime
 * enqueues each obligation's latest due step only (no backlog of missed days).
 */
export interface SweepOptions {
  readonly asOf?: IsoDate;
  readonly dryRun?: boolean;
  /**
   * The day of the last sweep that finished: steps that fell due on or before it were enqueued then.
   * Without it, every obligation's latest due step is looked at (idempotent, but slower).
   */
  readonly since?: IsoDate | null;
}

/** What one page of a sweep found: its reminders (one per contact) and the due reminders no contact can get. */
export interface SweepPage {
  readonly reminders: readonly NewOutboxEntry[];
  readonly unaddressed: readonly { readonly caseRef: string; readonly kind: string; readonly step: string }[];
}

/**
 * Obligations due a reminder whose contacts are looked up together (one query per batch). Small
 * enough that no batch holds the event loop long: on SQLite every query runs synchronously.
 */
const RECIPIENT_BATCH = 1_000;
/** Reminders enqueued per transaction; the event loop runs between them (the dispatcher's timer). */
const ENQUEUE_CHUNK = 500;

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * With `onPage`, each page goes to it as soon as it is found and the result's lists stay empty, so a
 * sweep of 100,000 cases holds a page at a time.
 */
export async function sweepReminders(deps: ReminderDeps, options: SweepOptions = {}, onPage?: (page: SweepPage) => void | Promise<void>): Promise<SweepResult> {
  const now = deps.clock.now();
  const asOf = options.asOf ?? todayIn(now, deps.zone);
  const reminders: NewOutboxEntry[] = [];
  const unaddressed: { caseRef: string; kind: string; step: string }[] = [];
  let enqueued = 0;
  let due: { o: PlannedObligation; step: ReminderStep }[] = [];
  const found = async () => {
    const batch = due;
    due = [];
    if (!batch.length) return;
    const recipients = await deps.recipients.recipientsOf([...new Set(batch.map((d) => d.o.caseRef))]);
    const page = { reminders: [] as NewOutboxEntry[], unaddressed: [] as { caseRef: string; kind: string; step: string }[] };
    const found: NewOutboxEntry[] = [];
    for (const { o, step } of batch) {
      const contacts = recipients.get(o.caseRef) ?? [];
      if (!contacts.length) page.unaddressed.push({ caseRef: o.caseRef, kind: o.kind, step: step.id });
      for (const contact of contacts) found.push(outboxEntry(deps, o, step, contact, now));
    }
    // Only what the outbox does not hold yet: a dry run lists exactly what a sweep would enqueue.
    page.reminders = await entriesToEnqueue(deps.outbox, found);
    // Written as found: the obligations are read in pages of their own, no read is open meanwhile.
    if (!options.dryRun) {
      for (let i = 0; i < page.reminders.length; i += ENQUEUE_CHUNK) {
        enqueued += await deps.outbox.enqueue(page.reminders.slice(i, i + ENQUEUE_CHUNK), now);
        await nextTurn();
      }
    }
    if (onPage) await onPage(page);
    else {
      reminders.push(...page.reminders);
      unaddressed.push(...page.unaddressed);
    }
  };
  for await (const page of deps.cases.obligations({ asOf, byCase: true })) {
    for (const o of page) {
      const step = toldToApplicant(o) ? reminderDue(o, deps.reminderPolicy, asOf) : null;
      if (step && !(options.since && compareDates(step.sendOn, options.since) <= 0)) due.push({ o, step });
    }
    if (due.length >= RECIPIENT_BATCH) await found();
  }
  await found();
  return { asOf, reminders, unaddressed, enqueued };
}

/**
 * The first channel of the preference that is configured and reaches the contact (each channel says
 * where it reaches them). A reminder no channel can carry is queued all the same: the dispatcher
 * records it as failed and reports it to staff.
 */
export function outboxEntry(deps: ReminderDeps, o: PlannedObligation, step: ReminderStep, contact: Recipient, now: Date): NewOutboxEntry {
  const reached = firstReaching(deps.channels, deps.channelPreference, contact);
  const channel = reached?.channel ?? 'none';
  const reminder = reminderId(o, step, contact.contactId);
  return {
    key: `${reminder}|${channel}`,
    reminder,
    purpose: 'reminder',
    detail: null,
    caseRef: o.caseRef,
    kind: o.kind,
    occurrence: o.occurrence,
    step: step.id,
    contactId: contact.contactId,
    channel,
    address: reached?.address ?? '',
    // The language chosen on the channel (a chat's /lang), else the contact's.
    locale: reached?.locale ?? contact.locale,
    status: 'pending',
    lastError: channel === 'none' ? 'no-channel' : null,
    notBefore: now,
  };
}

/** The row of a reminder sent on a channel the contact gained after the reminder found none. */
const LATE = '|late';

/**
 * Of these reminders, the ones still to write: a reminder with no row yet as it is, and one whose
 * only rows found no channel, once, as a row of its own (its key names the new channel).
 */
export async function entriesToEnqueue(outbox: Pick<OutboxRepository, 'channelsOf'>, entries: readonly NewOutboxEntry[]): Promise<NewOutboxEntry[]> {
  if (!entries.length) return [];
  const known = await outbox.channelsOf(entries.flatMap((e) => [e.reminder, `${e.reminder}${LATE}`]));
  const result: NewOutboxEntry[] = [];
  for (const e of entries) {
    const rows = known.get(e.reminder);
    if (!rows) result.push(e);
    else if (e.channel !== 'none' && rows.every((c) => c === 'none') && !known.has(`${e.reminder}${LATE}`)) result.push({ ...e, reminder: `${e.reminder}${LATE}` });
  }
  return result;
}
