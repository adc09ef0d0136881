// The clock of an in-process certbell in the tests: the test sets and moves it, and waiting (the
// dispatcher's back-off and rate limits) moves it too, so that no test waits in real time.

export function movingClock(start: string) {
  let now = new Date(start);
  const advance = (ms: number) => {
    now = new Date(now.getTime() + ms);
  };
  return {
    clock: { now: () => now },
    sleep: async (ms: number) => advance(ms),
    advance,
    setNow(iso: string) {
      now = new Date(iso);
    },
  };
}

/** 09:00 in Asia/Shanghai on a day. */
export const nine = (day: string) => `${day}T01:00:00.000Z`;
