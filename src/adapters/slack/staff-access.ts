// Who may act through Slack: the configured staff users, and the members of the configured staff user
// groups (asked of Slack, remembered for a few minutes so that a burst of clicks costs one call). Slack's
// API being slow or down must not leave staff without an answer within bolt's 3 s: the last known
// member list of each group is kept, a refresh is waited for only briefly (and finishes in the
// background), and the last known list answers when the call fails or is slow.
import type { webApi } from '@slack/bolt';

export interface StaffAccessOptions {
  readonly users: readonly string[];
  readonly groups: readonly string[];
  /** How long a group's member list is trusted before it is asked again. */
  readonly cacheMs?: number;
  /** How long a request waits for a refresh before the last known list answers (well within bolt's 3 s). */
  readonly waitMs?: number;
  /** Wall-clock milliseconds, for the cache only. */
  readonly now?: () => number;
  /** Told when a group's list could not be refreshed in time (its id and why; never a token). */
  readonly onStale?: (details: { readonly group: string; readonly reason: string; readonly lastKnown: boolean }) => void;
}

export interface StaffAccess {
  isStaff(userId: string): Promise<boolean>;
}

type GroupClient = Pick<InstanceType<typeof webApi.WebClient>, 'usergroups'>;

/** A refresh older than this is taken for hung: the next request starts another. */
const HUNG_MS = 30_000;

interface GroupState {
  /** The last list Slack gave, and when. */
  known?: { readonly users: ReadonlySet<string>; readonly at: number };
  refreshing?: { readonly done: Promise<ReadonlySet<string>>; readonly since: number };
}

/** Slack's error code, or the client's: never the request, which carries the token. */
function reasonOf(error: unknown): string {
  const e = error as { data?: { error?: unknown }; code?: unknown } | null;
  if (typeof e?.data?.error === 'string') return e.data.error;
  return typeof e?.code === 'string' ? e.code : 'request failed';
}

export function createStaffAccess(client: GroupClient, options: StaffAccessOptions): StaffAccess {
  const users = new Set(options.users);
  const cacheMs = options.cacheMs ?? 5 * 60_000;
  const waitMs = options.waitMs ?? 1_000;
  const now = options.now ?? Date.now;
  const groups = new Map<string, GroupState>();

  function refresh(group: string, state: GroupState): Promise<ReadonlySet<string>> {
    if (state.refreshing && now() - state.refreshing.since < HUNG_MS) return state.refreshing.done;
    const done = client.usergroups.users.list({ usergroup: group }).then((answer) => {
      const list: ReadonlySet<string> = new Set(answer.users ?? []);
      state.known = { users: list, at: now() };
      return list;
    });
    const refreshing = { done, since: now() };
    state.refreshing = refreshing;
    // Settled in the background too: whoever stopped waiting, the list is kept when it comes.
    void done.then(
      () => undefined,
      () => undefined,
    ).finally(() => {
      if (state.refreshing === refreshing) delete state.refreshing;
    });
    return done;
  }

  async function membersOf(group: string): Promise<ReadonlySet<string>> {
    const state = groups.get(group) ?? {};
    groups.set(group, state);
    if (state.known && state.known.at + cacheMs > now()) return state.known.users;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const slow = new Promise<'slow'>((resolve) => (timer = setTimeout(() => resolve('slow'), waitMs)));
    try {
      const answer = await Promise.race([refresh(group, state), slow]);
      if (answer !== 'slow') return answer;
      options.onStale?.({ group, reason: `no answer within ${waitMs} ms`, lastKnown: Boolean(state.known) });
    } catch (error) {
      // A group Slack cannot list (deleted, the usergroups:read scope missing, Slack down).
      options.onStale?.({ group, reason: reasonOf(error), lastKnown: Boolean(state.known) });
    } finally {
      clearTimeout(timer);
    }
    // The last list Slack gave; a group never listed grants nothing.
    return state.known?.users ?? new Set();
  }

  return {
    async isStaff(userId) {
      if (!userId) return false;
      if (users.has(userId)) return true;
      // The groups side by side: however many there are, an answer waits waitMs at most.
      const lists = await Promise.all(options.groups.map(membersOf));
      return lists.some((list) => list.has(userId));
    },
  };
}
