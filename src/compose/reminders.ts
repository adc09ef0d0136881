// The reminder sweep's and the outbox dispatcher's parts; what a caller does not choose is the default.
import { defaultDispatchPolicy } from '../app/dispatch-outbox.js';
import type { DispatchDeps, DispatchPolicy } from '../app/dispatch-outbox.js';
import type { Deps } from '../app/ports.js';
import { defaultChannelPreference } from '../app/delivery.js';
import { limitersFor } from '../app/rate-limiter.js';
import { reminderRenderer } from '../adapters/i18n/reminder-messages.js';
import { defaultReminderPolicy } from '../domain/schemes/registry.js';
import type { ReminderPolicy } from '../domain/reminders.js';
import type { Stores } from './stores.js';

export function reminderDeps(
  deps: Deps,
  stores: Pick<Stores, 'outbox' | 'digests'>,
  options: {
    readonly channels: DispatchDeps['channels'];
    readonly channelPreference?: DispatchDeps['channelPreference'];
    readonly reminderPolicy?: ReminderPolicy;
    readonly staff?: DispatchDeps['staff'];
    readonly dispatch?: Partial<DispatchPolicy>;
    readonly sleep?: (ms: number) => Promise<void>;
    readonly random?: () => number;
    readonly composers?: DispatchDeps['composers'];
  },
): DispatchDeps {
  return {
    ...deps,
    outbox: stores.outbox,
    recipients: stores.outbox,
    reminderPolicy: options.reminderPolicy ?? defaultReminderPolicy(),
    channels: options.channels,
    channelPreference: options.channelPreference ?? defaultChannelPreference,
    staff: options.staff ?? { emails: [], locale: 'zh-CN' },
    renderer: reminderRenderer,
    dispatch: { ...defaultDispatchPolicy, ...options.dispatch },
    limiters: limitersFor(options.channels),
    sleep: options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms))),
    random: options.random ?? Math.random,
    markEmailRejected: stores.digests.markEmailRejected,
    ...(options.composers ? { composers: options.composers } : {}),
  };
}
