// The lists behind the Today page's "open escalations" and "failed deliveries": a state read from
// the query string (one that means nothing is dropped and named, as on the case list), then a page.
import { todayIn } from '../../domain/calendar/calendar-date.js';
import type { IsoDate } from '../../domain/calendar/calendar-date.js';
import type { OutboxEntry } from '../reminder-ports.js';
import { DELIVERY_STATES, ESCALATION_STATES } from './queue-ports.js';
import type { DeliveryState, EscalationState, QueuedEscalation, QueueQueries } from './queue-ports.js';

export const QUEUE_PAGE_SIZE = 50;

export interface QueueQuery<S> {
  /** Null: every unresolved escalation (the escalation list's default). */
  readonly state: S;
  /** From 1. */
  readonly page: number;
  /** Parameters whose value was not understood and so was left out. */
  readonly ignored: readonly string[];
}

export interface QueueView<T, S> extends QueueQuery<S> {
  readonly asOf: IsoDate;
  readonly rows: readonly T[];
  readonly total: number;
  readonly pages: number;
}

type Query = Readonly<Record<string, string | undefined>>;

function pageOf(query: Query, ignored: string[]): number {
  const text = query.page?.trim();
  if (!text) return 1;
  if (/^[1-9]\d{0,5}$/.test(text)) return Number(text);
  ignored.push('page');
  return 1;
}

function stateOf<S extends string>(query: Query, allowed: readonly S[], ignored: string[]): S | null {
  const value = query.state?.trim();
  if (!value) return null;
  if ((allowed as readonly string[]).includes(value)) return value as S;
  ignored.push('state');
  return null;
}

export function parseEscalationQuery(query: Query): QueueQuery<EscalationState | null> {
  const ignored: string[] = [];
  return { state: stateOf(query, ESCALATION_STATES, ignored), page: pageOf(query, ignored), ignored };
}

export function parseDeliveryQuery(query: Query): QueueQuery<DeliveryState> {
  const ignored: string[] = [];
  return { state: stateOf(query, DELIVERY_STATES, ignored) ?? 'failed', page: pageOf(query, ignored), ignored };
}

interface QueueDeps {
  readonly queues: QueueQueries;
  readonly clock: { now(): Date };
  readonly zone: string;
}

function viewOf<T, S>(deps: QueueDeps, query: QueueQuery<S>, found: { readonly rows: readonly T[]; readonly total: number }): QueueView<T, S> {
  return { ...query, asOf: todayIn(deps.clock.now(), deps.zone), rows: found.rows, total: found.total, pages: Math.max(1, Math.ceil(found.total / QUEUE_PAGE_SIZE)) };
}

const offsetOf = (page: number) => (page - 1) * QUEUE_PAGE_SIZE;

export async function listEscalations(deps: QueueDeps, query: QueueQuery<EscalationState | null>): Promise<QueueView<QueuedEscalation, EscalationState | null>> {
  return viewOf(deps, query, await deps.queues.escalations(query.state, offsetOf(query.page), QUEUE_PAGE_SIZE));
}

export async function listDeliveries(deps: QueueDeps, query: QueueQuery<DeliveryState>): Promise<QueueView<OutboxEntry, DeliveryState>> {
  return viewOf(deps, query, await deps.queues.deliveries(query.state, offsetOf(query.page), QUEUE_PAGE_SIZE));
}
