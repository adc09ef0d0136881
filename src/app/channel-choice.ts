// Which channel carries a reminder to a contact: the sweep's choice and the dispatcher's fallback both
// follow the configured preference, and each channel says itself where it reaches a contact.
import type { ChannelAddress, ChannelId, ContactAddresses, ContactChannelId, DeliveryChannel } from './delivery.js';

export interface ChannelChoice extends ChannelAddress {
  readonly channel: ContactChannelId;
}

type ConfiguredChannels = Partial<Record<ChannelId, DeliveryChannel>>;

/** The first channel of `preference` that is configured and reaches the contact; null when none does. */
export function firstReaching(channels: ConfiguredChannels, preference: readonly ContactChannelId[], contact: ContactAddresses): ChannelChoice | null {
  for (const channel of preference) {
    const reached = channels[channel]?.policy?.addressOf?.(contact);
    if (reached) return { channel, ...reached };
  }
  return null;
}

/**
 * Where a message `blocked` on `channel` goes instead: the next channel of the preference that reaches
 * the contact, when the channel declares that a block means trying the next. Null otherwise.
 */
export function fallbackAfter(channels: ConfiguredChannels, preference: readonly ContactChannelId[], blocked: DeliveryChannel, contact: ContactAddresses | null | undefined): ChannelChoice | null {
  if (!contact || !blocked.policy?.fallsBackWhenBlocked) return null;
  // A channel not in the preference (-1) leaves the whole preference to try.
  const after = preference.slice((preference as readonly ChannelId[]).indexOf(blocked.id) + 1).filter((next) => next !== blocked.id);
  return firstReaching(channels, after, contact);
}
