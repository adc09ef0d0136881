// Long polling, ours rather than telegraf's: telegraf's loop waits for every update of a batch to be
// handled before it asks for more, and its getUpdates has no timeout of its own, so one hung call
// held every chat. Here each getUpdates has a deadline, and updates are handed over (to the chat
// queue) without waiting for their answers.
import { TelegramError } from 'telegraf';
import type { Telegram } from 'telegraf';
import type { Update } from 'telegraf/types';

type TelegrafSignal = NonNullable<Parameters<Telegram['callApi']>[2]>['signal'];

export interface PollingOptions {
  readonly telegram: Telegram;
  readonly allowedUpdates: readonly string[];
  /** How long Telegram may hold one getUpdates open (its own cap is 50 s). */
  readonly pollSeconds: number;
  /** Added to the poll time before a getUpdates is given up as hung. */
  readonly requestTimeoutMs: number;
  /** Hands an update over; must not wait for its answer. */
  handle(update: Update): void;
  /** 401 (token revoked) or 409 (another poller): polling ends and this says why. */
  onStopped(error: unknown): void;
}

export interface RunningPolling {
  /** Stops asking, and tells Telegram which updates were taken. */
  stop(): Promise<void>;
}

export function startPolling(options: PollingOptions): RunningPolling {
  const stopping = new AbortController();
  let offset = 0;

  const poll = async (): Promise<void> => {
    while (!stopping.signal.aborted) {
      try {
        const deadline = AbortSignal.timeout(options.pollSeconds * 1000 + options.requestTimeoutMs);
        const signal = AbortSignal.any([stopping.signal, deadline]) as unknown as TelegrafSignal;
        const updates = await options.telegram.callApi('getUpdates', { timeout: options.pollSeconds, offset, allowed_updates: [...options.allowedUpdates] as never }, { signal });
        for (const update of updates) {
          offset = update.update_id + 1;
          options.handle(update);
        }
      } catch (error) {
        if (stopping.signal.aborted) return;
        if (error instanceof TelegramError && (error.code === 401 || error.code === 409)) {
          options.onStopped(error);
          return;
        }
        // A timeout, a 5xx, a 429 or no network: ask again after a pause (Telegram's, if it gave one).
        const retryAfter = error instanceof TelegramError ? error.parameters?.retry_after : undefined;
        await pause((retryAfter ?? 1) * 1000, stopping.signal);
      }
    }
  };
  const loop = poll();

  return {
    async stop() {
      stopping.abort();
      await loop;
      // Acknowledges what was handed over, so that a restart does not get it again.
      if (offset > 0) {
        const signal = AbortSignal.timeout(options.requestTimeoutMs) as unknown as TelegrafSignal;
        await options.telegram.callApi('getUpdates', { offset, limit: 1, timeout: 0 }, { signal }).catch(() => undefined);
      }
    },
  };
}

/** A real wait (never a test's fast clock: a failing poll must not spin), cut short by stopping. */
function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done);
  });
}
