// Limits how often one key (a Telegram chat) may do something within a sliding window: fail to
// redeem an invitation token (a 256-bit token cannot be guessed, but a bot that answers every guess
// at once invites trying), or send updates at all (per-chat flood control). Pure: the caller passes the time.

export interface AttemptLimits {
  /** Attempts allowed within any window. */
  readonly maxFailures: number;
  readonly windowMs: number;
}

/** Failed invitation tokens per chat. */
export const tokenAttemptLimits: AttemptLimits = { maxFailures: 5, windowMs: 60 * 60 * 1000 };

/**
 * Updates per chat: more than a person types or taps, fewer than a script sends. Answers to one chat
 * go out at most one a second (Telegram's limit), so half a minute of answers is the most worth queueing.
 */
export const chatFloodLimits: AttemptLimits = { maxFailures: 30, windowMs: 60 * 1000 };

export class AttemptLimiter {
  private readonly failures = new Map<string, number[]>();

  constructor(private readonly limits: AttemptLimits = tokenAttemptLimits) {}

  /** 0 if `key` may try now, else how long until it may (ms). */
  waitMs(key: string, nowMs: number): number {
    const recent = this.recent(key, nowMs);
    if (recent.length < this.limits.maxFailures) return 0;
    return (recent[recent.length - this.limits.maxFailures] as number) + this.limits.windowMs - nowMs;
  }

  record(key: string, nowMs: number): void {
    const recent = this.recent(key, nowMs);
    recent.push(nowMs);
    this.failures.set(key, recent);
    // Keys whose failures have all aged out are forgotten, so memory follows the active guessers.
    if (this.failures.size > 10_000) for (const k of this.failures.keys()) if (!this.recent(k, nowMs).length) this.failures.delete(k);
  }

  private recent(key: string, nowMs: number): number[] {
    const list = (this.failures.get(key) ?? []).filter((at) => nowMs - at < this.limits.windowMs);
    if (list.length) this.failures.set(key, list);
    else this.failures.delete(key);
    return list;
  }
}
