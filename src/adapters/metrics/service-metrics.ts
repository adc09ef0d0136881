// Prometheus metrics of the service, on a registry of their own (the global one would mix in
// whatever a library registers there). Counters and histograms are fed by the dispatcher's and the
// scheduler's observer hooks; the outbox depth is read from the database at scrape time, so that
// every instance reports the same truth and a restart loses nothing.
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { DispatchOutcome } from '../../app/dispatch-outbox.js';
import type { SweepTickOutcome } from '../scheduler/scheduler.js';
import type { OutboxSnapshot } from './outbox-snapshot.js';

export interface ServiceMetrics {
  onOutcome(event: DispatchOutcome): void;
  onSweep(event: SweepTickOutcome): void;
  sweepEnqueued(count: number): void;
  /** The exposition text and its content type. */
  scrape(): Promise<{ readonly contentType: string; readonly body: string }>;
}

export interface ServiceMetricsOptions {
  /** The outbox as it stands; called once per scrape. */
  readonly outbox: () => Promise<OutboxSnapshot>;
  /** Process metrics (CPU, memory, event-loop lag, GC); off in tests that count series. */
  readonly processMetrics?: boolean;
}

// Sweeps of 100,000 cases take seconds; the top buckets catch a database gone slow.
const SWEEP_BUCKETS = [0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300];
// From "due now" to "a day late": quiet hours and provider back-off legitimately hold rows for hours.
const LATENCY_BUCKETS = [1, 5, 15, 30, 60, 300, 900, 3_600, 4 * 3_600, 12 * 3_600, 24 * 3_600];

export function createServiceMetrics(options: ServiceMetricsOptions): ServiceMetrics {
  const registry = new Registry();
  if (options.processMetrics ?? true) collectDefaultMetrics({ register: registry });

  const sweeps = new Counter({ name: 'certbell_sweeps_total', help: 'Reminder sweep ticks by outcome (done here, skipped: another instance ran it, failed).', labelNames: ['outcome'], registers: [registry] });
  const sweepSeconds = new Histogram({ name: 'certbell_sweep_duration_seconds', help: 'Duration of reminder sweep ticks by outcome.', labelNames: ['outcome'], buckets: SWEEP_BUCKETS, registers: [registry] });
  const enqueued = new Counter({ name: 'certbell_sweep_enqueued_total', help: 'Reminders the sweeps of this instance put in the outbox.', registers: [registry] });
  const outcomes = new Counter({ name: 'certbell_dispatch_outcomes_total', help: 'Outbox rows this instance dispatched, by channel, purpose and outcome (sent, retried, held, failed, cancelled).', labelNames: ['channel', 'purpose', 'outcome'], registers: [registry] });
  const deliveries = new Counter({ name: 'certbell_deliveries_total', help: 'Messages a provider accepted, by channel and purpose.', labelNames: ['channel', 'purpose'], registers: [registry] });
  const failures = new Counter({ name: 'certbell_delivery_failures_total', help: 'Messages given up for good, by channel and purpose.', labelNames: ['channel', 'purpose'], registers: [registry] });
  const latency = new Histogram({ name: 'certbell_delivery_latency_seconds', help: "Time from a row's notBefore to its delivery, by channel and purpose.", labelNames: ['channel', 'purpose'], buckets: LATENCY_BUCKETS, registers: [registry] });
  const scrapeErrors = new Counter({ name: 'certbell_outbox_scrape_errors_total', help: 'Scrapes whose outbox reading failed (the database did not answer).', registers: [registry] });

  // The two outbox gauges are read together, once per scrape.
  let reading: Promise<OutboxSnapshot | null> | null = null;
  const snapshot = () => {
    reading ??= options.outbox().then(
      (value) => value,
      () => {
        scrapeErrors.inc();
        return null;
      },
    );
    return reading;
  };
  new Gauge({
    name: 'certbell_outbox_messages',
    help: 'Outbox rows by status, purpose and channel, read from the database at scrape time.',
    labelNames: ['status', 'purpose', 'channel'],
    registers: [registry],
    async collect() {
      const read = await snapshot();
      this.reset();
      for (const row of read?.depth ?? []) this.set({ status: row.status, purpose: row.purpose, channel: row.channel }, row.count);
    },
  });
  new Gauge({
    name: 'certbell_outbox_oldest_due_seconds',
    help: 'How long the oldest pending row has been due (0 when none is): grows when nothing dispatches.',
    registers: [registry],
    async collect() {
      const read = await snapshot();
      if (read) this.set(read.oldestDueSeconds);
    },
  });

  return {
    onOutcome(event) {
      const labels = { channel: event.channel, purpose: event.purpose };
      outcomes.inc({ ...labels, outcome: event.outcome });
      if (event.outcome === 'sent') {
        deliveries.inc(labels);
        if (event.latencyMs !== undefined) latency.observe(labels, event.latencyMs / 1000);
      }
      if (event.outcome === 'failed') failures.inc(labels);
    },
    onSweep(event) {
      sweeps.inc({ outcome: event.outcome });
      sweepSeconds.observe({ outcome: event.outcome }, event.seconds);
    },
    sweepEnqueued(count) {
      enqueued.inc(count);
    },
    async scrape() {
      reading = null;
      try {
        // Read before serialising, so that a failed reading is counted in this very scrape.
        await snapshot();
        return { contentType: registry.contentType, body: await registry.metrics() };
      } finally {
        reading = null;
      }
    },
  };
}
