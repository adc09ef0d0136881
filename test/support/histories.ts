// Event histories that several tests start from.

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
