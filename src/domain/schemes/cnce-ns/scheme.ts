// The CNCE-NS communication network security service capability assessment (docs/rules.md, CN-1 …
// CN-17; source: the CNCE-NS application guide, seed 000). Everything certbell knows about the scheme
// is in this folder; registry.ts lists it.
import { certificateStatusByStage, lapseObligationKinds } from '../expiry.js';
import type { Scheme } from '../scheme.js';
import { cnceNsContacts } from './contacts.js';
import { escalations, escalationStages } from './escalations.js';
import { events, stages } from './lifecycle.js';
import en from './locale.en.json' with { type: 'json' };
import zhCN from './locale.zh-CN.json' with { type: 'json' };
import { obligations } from './obligations.js';
import { questions } from './questions.js';

export const cnceNs: Scheme = {
  id: 'cnce-ns',
  rulePrefix: 'CN',
  levels: [1, 2, 3], // CN-2
  serviceTypes: ['risk-assessment', 'design-integration'], // CN-1
  stages,
  events,
  initialStage: 'application',
  // The reminder schedules are the body's policy, anchored on the dates CN-9, CN-12 and CN-14 give.
  obligationKinds: [
    { id: 'material-review' },
    { id: 'assessment' },
    { id: 'pledge', reminders: { points: [{ from: 'opens' }], repeatEveryDays: 3, overdueNotice: true } },
    { id: 'annual-inspection', reminders: { points: [{ from: 'opens' }, { from: 'due', days: -14 }, { from: 'due', days: -7 }, { from: 'due', days: -1 }], overdueNotice: true } },
    { id: 'renewal', reminders: { points: [{ from: 'opens' }, { from: 'due', days: -60 }, { from: 'due', days: -30 }, { from: 'due', days: -14 }], overdueNotice: true } },
    // CN-13: staff decide on downgrade or cancellation after a failed inspection.
    { id: 'inspection-decision' },
    // CN-11, CN-14: a lapse (docs/rules.md, "Expiry without renewal").
    ...lapseObligationKinds,
  ],
  obligations,
  escalations,
  escalationStages,
  certificateStatus: certificateStatusByStage({ cancelled: 'cancelled', 'inspection-failed': 'under-review' }),
  contacts: cnceNsContacts,
  // CN-12: the register's last check is the last annual inspection passed.
  register: { lastCheckEvent: 'annual-inspection-passed' },
  questions,
  explanationKeys: [
    'material-review',
    'material-review-after-supplement',
    'assessment',
    'pledge',
    'annual-inspection',
    'annual-inspection-also-owed',
    'inspection-decision',
    'renewal-cn',
    'expiry-computed',
    'certificate-lapsed',
    'certificate-lapsed-renewal-pending',
  ],
  errorCodes: [
    'assessment/awaiting-supplement',
    'assessment/out-of-order',
    'event/already-recorded',
    'inspection/none-due',
    'level/downgrade-invalid',
    'renewal/before-window',
    'supplement/after-document-assessment',
    'supplement/already-awaited',
    'supplement/not-requested',
    'supplement/only-once',
  ],
  locale: { 'zh-CN': zhCN, en },
};
