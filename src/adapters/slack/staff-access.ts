// Who may act through Slack: the configured staff users, and the members of the configured staff user
// groups (asked of Slack, remembered for a few minutes so that a burst of clicks costs one call).
import type { webApi } from '@slack/bolt';

export interface StaffAccessOptions {
  readonly users: readonly string[];
  readonly groups: readonly string[];
  /** How long a group's member list is trusted. */
  readonly cacheMs?: number;
  /** Wall-clock milliseconds, for the cache only. */
  readonly now?: () => number;
}

export interface StaffAccess {
  isStaff(userId: string): Promise<boolean>;
}

type GroupClient = Pick<InstanceType<typeof webApi.WebClient>, 'usergroups'>;

export function createStaffAccess(client: GroupClient, options: StaffAccessOptions): StaffAccess {
  const users = new Set(options.users);
  const cacheMs = options.cacheMs ?? 5 * 60_000;
  const now = options.now ?? Date.now;
  const members = new Map<string, { readonly users: ReadonlySet<string>; readonly until: number }>();

  async function membersOf(group: string): Promise<ReadonlySet<string>> {
    const cached = members.get(group);
    if (cached && cached.until > now()) return cached.users;
    const answer = await client.usergroups.users.list({ usergroup: group });
    const list = new Set(answer.users ?? []);
    members.set(group, { users: list, until: now() + cacheMs });
    return list;
  }

  return {
    async isStaff(userId) {
      if (!userId) return false;
      if (users.has(userId)) return true;
      for (const group of options.groups) {
        try {
          if ((await membersOf(group)).has(userId)) return true;
        } catch {
          // A group Slack cannot list (deleted, or the usergroups:read scope missing) grants nothing.
        }
      }
      return false;
    },
  };
}
