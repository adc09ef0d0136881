// Numbers the schemes leave to the certification body ([policy] in docs/rules.md). Staff change them in
// configuration; explanations name them as the body's policy, never as a scheme requirement.

export interface Policy {
  /** Certificate expiry when certificate-issued carries none: issue date + years − days (CN-11, WA-9 say "3 years"). */
  readonly certificateValidity: { readonly years: number; readonly minusDays: number };
  /** CN-9: calendar days after the public notice ends within which the signed pledge is due. */
  readonly pledgeDueDays: number;
  /** CN-5/CN-6: whether the 15-working-day material review restarts when the requested supplement arrives. */
  readonly materialReviewRestartsOnSupplement: boolean;
}

export const defaultPolicy: Policy = {
  certificateValidity: { years: 3, minusDays: 1 },
  pledgeDueDays: 30,
  materialReviewRestartsOnSupplement: true,
};
