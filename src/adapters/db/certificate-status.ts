/** The status a certificate row shows, from the stage of its case. */
export function certificateStatus(stage: string): string {
  switch (stage) {
    case 'suspended':
    case 'revoked':
    case 'cancelled':
      return stage;
    case 'inspection-failed':
      return 'under-review';
    default:
      return 'valid';
  }
}
