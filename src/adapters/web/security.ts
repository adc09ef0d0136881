// The console's defences in one place: the headers every response carries, the cookies, the CSRF
// token every form posts, the origin check on every POST, and a per-address limit on sign-in requests.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

export const SESSION_COOKIE = 'certbell_session';
/** Before sign-in: ties the sign-in forms' CSRF token to this browser. */
export const VISITOR_COOKIE = 'certbell_visitor';
export const CSRF_FIELD = '_csrf';

/** No script at all, styles from our own stylesheet only, never framed, never cached. */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy':
    "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
  'X-Content-Type-Options': 'nosniff',
  // Not no-referrer: under it browsers send "Origin: null" with a form's POST, and the origin check
  // then refuses every form of the console. same-origin still gives other sites nothing.
  'Referrer-Policy': 'same-origin',
  'Cache-Control': 'no-store',
  'X-Frame-Options': 'DENY',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'Permissions-Policy': 'camera=(), microphone=(), geolocation=()',
};

export function newVisitorId(): string {
  return randomBytes(32).toString('base64url');
}

/**
 * The CSRF token of a session or visitor cookie: a hash of the cookie's secret value, so that only a
 * page served to the holder of the cookie can carry it, and nothing needs storing.
 */
export function csrfTokenOf(cookieValue: string): string {
  return createHash('sha256').update(`certbell-csrf:${cookieValue}`, 'utf8').digest('base64url');
}

export function csrfMatches(cookieValue: string | undefined, posted: unknown): boolean {
  if (!cookieValue || typeof posted !== 'string') return false;
  const expected = Buffer.from(csrfTokenOf(cookieValue));
  const given = Buffer.from(posted);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/**
 * A state-changing request must come from the console's own pages: Origin (or, failing that,
 * Referer) names the console's origin, and the browser does not call it cross-site.
 */
export function sameOrigin(headers: Readonly<Record<string, string | string[] | undefined>>, origin: string): boolean {
  const site = headers['sec-fetch-site'];
  if (site !== undefined && site !== 'same-origin' && site !== 'none') return false;
  const from = headers.origin;
  if (typeof from === 'string' && from !== 'null') return from === origin;
  const referer = headers.referer;
  if (typeof referer !== 'string') return false;
  try {
    return new URL(referer).origin === origin;
  } catch {
    return false;
  }
}

/** HttpOnly, Secure (browsers keep Secure cookies on http://localhost too) and SameSite=Strict. */
export function cookieAttributes(maxAgeSeconds?: number): { path: string; httpOnly: true; secure: true; sameSite: 'strict'; maxAge?: number } {
  return { path: '/', httpOnly: true, secure: true, sameSite: 'strict', ...(maxAgeSeconds === undefined ? {} : { maxAge: maxAgeSeconds }) };
}

/** A sliding window per key, in this process: slows down a client hammering the sign-in form. */
export class WindowLimiter {
  private readonly hits = new Map<string, number[]>();
  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
  ) {}

  allow(key: string, now: number): boolean {
    const recent = (this.hits.get(key) ?? []).filter((t) => t > now - this.windowMs);
    if (this.hits.size > 10_000) this.hits.clear();
    if (recent.length >= this.limit) {
      this.hits.set(key, recent);
      return false;
    }
    recent.push(now);
    this.hits.set(key, recent);
    return true;
  }
}
