// Staff sign in to the web console with a one-time link sent by email. An address that is not on the
// staff list gets the same answer as one that is, so the form tells nobody who the staff are.
import type { SignInDeps, StaffMember } from './staff-ports.js';
import { normalStaffEmail } from './manage-staff.js';

export type SignInRequestOutcome = 'sent' | 'not-staff' | 'rate-limited' | 'bad-email' | 'mail-refused';

/**
 * Sends a sign-in link to a staff address. The outcome is for the log and the tests; whatever it
 * is, the person asking is shown the same page.
 */
export async function requestSignIn(deps: SignInDeps, input: { readonly email: string }): Promise<SignInRequestOutcome> {
  const email = normalStaffEmail(input.email);
  if (!email) return 'bad-email';
  const member = await deps.staff.find(email);
  if (!member) return 'not-staff';
  const now = deps.clock.now();
  const { settings } = deps;
  if ((await deps.links.issuedSince(email, new Date(now.getTime() - settings.windowMs))) >= settings.linksPerWindow) return 'rate-limited';
  const expiresAt = new Date(now.getTime() + settings.linkValidMs);
  const { token } = await deps.links.issue(email, expiresAt, now);
  const link = `${settings.baseUrl}/sign-in/verify?token=${encodeURIComponent(token)}`;
  return (await deps.mailer.send(member, link, expiresAt)) ? 'sent' : 'mail-refused';
}

/** Trades a link's token for a session; null when the link is unknown, used, expired or no longer staff's. */
export async function redeemSignIn(deps: SignInDeps, input: { readonly token: string }): Promise<{ readonly sessionId: string; readonly member: StaffMember } | null> {
  const now = deps.clock.now();
  const email = await deps.links.redeem(input.token, now);
  if (!email) return null;
  const member = await deps.staff.find(email);
  if (!member) return null;
  const { idleMs, maxAgeMs } = deps.settings;
  const { sessionId } = await deps.sessions.open(email, now, new Date(now.getTime() + idleMs), new Date(now.getTime() + maxAgeMs), {
    actor: `web:${email}`,
    action: 'web.sign-in',
    subject: email,
    details: {},
  });
  return { sessionId, member };
}

/** The member behind a session cookie, when the session is live; each use keeps it alive. */
export async function resumeSession(deps: SignInDeps, sessionId: string): Promise<StaffMember | null> {
  const now = deps.clock.now();
  return deps.sessions.resume(sessionId, now, new Date(now.getTime() + deps.settings.idleMs));
}

export async function signOut(deps: SignInDeps, sessionId: string): Promise<void> {
  await deps.sessions.end(sessionId, deps.clock.now());
}
