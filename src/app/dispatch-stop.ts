// How a dispatch stops with the service: no new send, and a deadline for the one in flight.
import type { DeliveryResult } from './delivery.js';
import { asError } from './errors.js';

/**
 * The service is stopping once `signal` fires: no new send starts, the rows claimed and not started
 * are given back, and a send in flight has `graceMs` more before it is cut short and given back too.
 */
export interface DispatchStop {
  readonly signal: AbortSignal;
  readonly graceMs: number;
}

/** What a send cut short by the stop deadline resolves to. */
export const CUT_SHORT = Symbol('cut-short');

/** The send, or CUT_SHORT once the service has been stopping for `graceMs` while it was still running. */
export function sendWithin(send: Promise<DeliveryResult>, stop: DispatchStop | undefined): Promise<DeliveryResult | typeof CUT_SHORT> {
  if (!stop) return send;
  const { signal, graceMs } = stop;
  return new Promise((resolve, reject) => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const cut = () => (timer = setTimeout(() => resolve(CUT_SHORT), graceMs));
    if (signal.aborted) cut();
    else signal.addEventListener('abort', cut, { once: true });
    const settle = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', cut);
    };
    send.then(
      (result) => (settle(), resolve(result)),
      (error: unknown) => (settle(), reject(asError(error))),
    );
  });
}
