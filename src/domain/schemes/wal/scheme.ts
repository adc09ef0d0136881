// The 网安联 cyberspace security service qualification certification (docs/rules.md, WA-1 … WA-14;
// source: the implementation scheme, basis T/BJCSA 02-2022, seed 002). Everything certbell knows
// about the scheme is in this folder; registry.ts lists it.
import { certificateStatusByStage, lapseObligationKinds } from '../expiry.js';
import type { Scheme } from '../scheme.js';
import { walContacts } from './contacts.js';
import { escalations, escalationStages } from './escalations.js';
import { events, stages } from './lifecycle.js';
import en from './locale.en.json' with { type: 'json' };
import zhCN from './locale.zh-CN.json' with { type: 'json' };
import { obligations } from './obligations.js';
import { questions } from './questions.js';

export const wal: Scheme = {
  id: 'wal',
  rulePrefix: 'WA',
  levels: [1, 2, 3, 4], // WA-1
  serviceTypes: null,
  stages,
  events,
  initialStage: 'application',
  // The reminder schedules are the body's policy, anchored on the dates WA-4/5, WA-8 and WA-9 give.
  obligationKinds: [
    { id: 'surveillance-info', reminders: { points: [{ from: 'due', days: -30 }, { from: 'due' }], overdueNotice: true } },
    { id: 'surveillance-audit', reminders: { points: [{ from: 'due', days: -30 }, { from: 'due', days: -7 }], overdueNotice: true } },
    { id: 'renewal', reminders: { points: [{ from: 'opens' }, { from: 'due', days: -60 }, { from: 'due', days: -30 }, { from: 'due', days: -14 }], overdueNotice: true } },
    // WA-11, WA-12: staff decide when it ends, but the holder is told from the day of suspension what
    // restores the certificate (WA-13) and by when, at 3 months, and a month before the 6-month limit.
    {
      id: 'suspension-end',
      toldToApplicant: true,
      reminders: { points: [{ from: 'due', months: -6 }, { from: 'opens' }, { from: 'due', days: -30 }], overdueNotice: false, staffSide: true },
    },
    // WA-10, WA-12: a proposal to staff, who decide; never the assistant's to raise.
    { id: 'revocation-review', staffOnly: true },
    // WA-17: staff finish the recertification before expiry.
    { id: 'recertification' },
    // WA-16: nonconformities closed by their date; after a failed audit, staff decide on suspension.
    { id: 'nonconformity-correction', reminders: { points: [{ from: 'opens' }, { from: 'due', days: -14 }, { from: 'due', days: -3 }], overdueNotice: true } },
    { id: 'suspension-decision', staffOnly: true },
    // WA-9: a lapse (docs/rules.md, "Expiry without renewal").
    ...lapseObligationKinds,
  ],
  obligations,
  escalations,
  escalationStages,
  certificateStatus: certificateStatusByStage({ suspended: 'suspended', revoked: 'revoked', cancelled: 'cancelled' }),
  contacts: walContacts,
  // WA-4, WA-5: the register's last check is the last surveillance audit.
  register: { lastCheckEvent: 'surveillance-audit-completed' },
  questions,
  explanationKeys: [
    'renewal-wa',
    'surveillance-audit-first',
    'surveillance-audit-15-months',
    'surveillance-audit-15-months-recertification-year',
    'surveillance-audit-calendar-year',
    'surveillance-audit-joint',
    'surveillance-heightened-change',
    'surveillance-heightened-complaint',
    'surveillance-info',
    'revocation-review',
    'suspension-end',
    'surveillance-info-scheduled',
    'recertification',
    'nonconformity-correction',
    'suspension-decision',
    'expiry-computed',
    'certificate-lapsed',
    'certificate-lapsed-renewal-pending',
  ],
  errorCodes: ['surveillance/date-not-after', 'surveillance/no-decision-pending', 'surveillance/no-nonconformities'],
  locale: { 'zh-CN': zhCN, en },
};
