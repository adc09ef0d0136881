// Invitation outcomes in words, for every place staff issue or revoke one (command line, Slack).
import type { DomainError } from '../../domain/result.js';
import type { Translator } from './translator.js';

/** An inviteContact/revokeInvitations refusal: the invitation's own codes live under invite.error. */
export function inviteErrorText(tr: Translator, error: DomainError): string {
  return error.code.startsWith('invite/') ? tr.t(`invite.error.${error.code.slice('invite/'.length)}`, error.params) : tr.error(error);
}

/** An instant as staff read it: the day and minute in the rules' zone. */
export function localTime(at: Date, zone: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(at);
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('year')}-${part('month')}-${part('day')} ${part('hour')}:${part('minute')} (${zone})`;
}
