// Updates of one chat are handled one after another, in the order Telegram sent them, so that three
// quick taps get three answers in that order; chats do not wait for each other. Handling is taken
// off telegraf's polling loop, which otherwise waits for a whole batch: one chat's slow answer
// would hold every other chat's next updates.

export class ChatQueue {
  private readonly tails = new Map<string, Promise<void>>();
  private readonly waiting = new Map<string, number>();
  private readonly all = new Set<Promise<void>>();

  /** `maxPerChat`: updates of one chat in hand at once; more is a script, not a person. */
  constructor(private readonly maxPerChat: number) {}

  /** Runs `task` after the chat's earlier ones; false (and not run) when the chat has too many in hand. */
  enqueue(chat: string, task: () => Promise<void>): boolean {
    const waiting = this.waiting.get(chat) ?? 0;
    if (waiting >= this.maxPerChat) return false;
    this.waiting.set(chat, waiting + 1);
    // The task handles its own errors; the catch only keeps a broken one from stalling the chat.
    const run = (this.tails.get(chat) ?? Promise.resolve()).then(task).catch(() => undefined);
    const done = run.finally(() => {
      const left = (this.waiting.get(chat) ?? 1) - 1;
      if (left > 0) this.waiting.set(chat, left);
      else this.waiting.delete(chat);
      if (this.tails.get(chat) === done) this.tails.delete(chat);
      this.all.delete(done);
    });
    this.tails.set(chat, done);
    this.all.add(done);
    return true;
  }

  /** How many updates are in hand, over all chats. */
  get size(): number {
    let total = 0;
    for (const n of this.waiting.values()) total += n;
    return total;
  }

  /** Resolves when everything queued so far is done (true), or after `withinMs` (false). */
  async drain(withinMs: number): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), withinMs)));
    const drained = (async () => {
      while (this.all.size) await Promise.allSettled([...this.all]);
      return true as const;
    })();
    try {
      return await Promise.race([drained, late]);
    } finally {
      clearTimeout(timer);
    }
  }
}
