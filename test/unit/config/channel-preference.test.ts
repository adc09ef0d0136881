// CERTBELL_CHANNEL_PREFERENCE: the order in which reminders try the channels that reach a contact.
import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '../../../src/config/index.js';

const refused = (value: string) => {
  try {
    parseConfig({ CERTBELL_CHANNEL_PREFERENCE: value });
  } catch (error) {
    if (error instanceof ConfigError) return error.message;
    throw error;
  }
  return 'accepted';
};

describe('the channel preference', () => {
  it('defaults to a chat first, then email, and reads a list in the order given', () => {
    expect(parseConfig({}).reminders.channelPreference).toEqual(['telegram', 'email']);
    expect(parseConfig({ CERTBELL_CHANNEL_PREFERENCE: ' email , telegram,email' }).reminders.channelPreference).toEqual(['email', 'telegram']);
    expect(parseConfig({ CERTBELL_CHANNEL_PREFERENCE: 'telegram' }).reminders.channelPreference).toEqual(['telegram']);
  });

  it('refuses an unknown channel, a staff-only channel and an empty list, naming the variable', () => {
    expect(refused('fax')).toBe('CERTBELL_CHANNEL_PREFERENCE: unknown channel fax; expected channels of telegram, email, separated by commas, in the order to try them');
    expect(refused('telegram,slack')).toMatch(/^CERTBELL_CHANNEL_PREFERENCE: slack reaches staff only, not contacts;/);
    expect(refused(' , ')).toMatch(/^CERTBELL_CHANNEL_PREFERENCE: expected channels of telegram, email/);
  });
});
