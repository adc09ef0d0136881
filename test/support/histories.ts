// Event histories that several tests start from.
import type { ImportItem } from '../../src/app/import-cases.js';

/** A CNCE-NS case from receipt of materials to the end of its public notice (CN-3), ready for its pledge (CN-9). */
export function cnceThroughPublicNotice(noticePublished: string, noticeEnded: string): [type: string, date: string][] {
  return [
    ['materials-received', '2026-03-02'],
    ['application-accepted', '2026-03-10'],
    ['fee-paid', '2026-03-20'],
    ['document-assessment-completed', '2026-04-20'],
    ['onsite-assessment-completed', '2026-05-20'],
    ['comprehensive-assessment-completed', '2026-06-10'],
    ['report-issued', '2026-06-15'],
    ['expert-review-passed', '2026-09-15'],
    ['notice-published', noticePublished],
    ['notice-ended', noticeEnded],
  ];
}

/** How the many cases of one test are named: `${ref}-${i}` with `digits` digits, `${organization} ${i}`, `${mailbox}${i}@example.cn`. */
export interface CaseSeries {
  readonly ref: string;
  readonly digits: number;
  readonly organization: string;
  readonly mailbox: string;
}

/** The i-th of many CNCE-NS cases in 广东, each with one Chinese contact, whose pledge is owed from 2026-11-10 (the notice ended then). */
export function pledgeCase(series: CaseSeries, i: number): ImportItem {
  const ref = `${series.ref}-${String(i).padStart(series.digits, '0')}`;
  const at = { file: 'test', path: ref };
  return {
    source: at,
    header: {
      ref,
      scheme: 'cnce-ns',
      organization: { name: `${series.organization} ${i}`, province: '广东' },
      serviceType: 'risk-assessment',
      level: 1,
      contacts: [{ name: `联系人 ${i}`, email: `${series.mailbox}${i}@example.cn`, locale: 'zh-CN' }],
    },
    events: cnceThroughPublicNotice('2026-11-03', '2026-11-10').map(([type, date]) => ({ source: at, fields: { type, date } })),
  };
}
