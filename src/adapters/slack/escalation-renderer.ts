// The escalation messages in the staff's language, as Block Kit.
import type { EscalationRenderer } from '../../app/escalation-ports.js';
import { pickLocale, translator } from '../i18n/translator.js';
import { escalationMessage } from './blocks.js';
import { gatheredNoticesMessage } from './gathered-notices.js';
import type { EscalationLook } from './blocks.js';

export function createEscalationRenderer(look: EscalationLook): EscalationRenderer {
  return {
    render: (view, locale) => escalationMessage(translator(pickLocale(locale)), view, look),
    renderGathered: (escalations, locale) => gatheredNoticesMessage(translator(pickLocale(locale)), escalations),
  };
}
