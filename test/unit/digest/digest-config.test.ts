// The digest settings read from the environment, and refused with the variable's name when wrong.
import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '../../../src/config/index.js';

describe('digest configuration', () => {
  it('defaults to Mondays 09:00 for applicants, PRC working days 08:30 for staff, 60 days ahead, and no links', () => {
    const { digests, secrets } = parseConfig({});
    expect(digests).toEqual({
      contactSchedule: { days: { kind: 'weekdays', weekdays: [1] }, at: '09:00' },
      staffSchedule: { days: { kind: 'working-days' }, at: '08:30' },
      horizonDays: 60,
      publicUrl: null,
      httpPort: null,
      httpHost: '0.0.0.0',
      staffReplyTo: null,
    });
    expect(secrets.unsubscribeSecret).toBeNull();
  });

  it('turns a digest off, and refuses a bad schedule, URL or short secret without repeating the secret', () => {
    expect(parseConfig({ CERTBELL_DIGEST_AT: 'off' }).digests.contactSchedule).toBeNull();
    const refused = (env: Record<string, string>) => {
      try {
        parseConfig(env);
      } catch (error) {
        if (error instanceof ConfigError) return error.message;
        throw error;
      }
      return 'accepted';
    };
    expect(refused({ CERTBELL_STAFF_DIGEST_AT: '30 8 * * 1-5' })).toMatch(/^CERTBELL_STAFF_DIGEST_AT: expected "mon 09:00"/);
    expect(refused({ CERTBELL_PUBLIC_URL: 'certbell.example.cn' })).toMatch(/^CERTBELL_PUBLIC_URL: /);
    // RFC 8058: mail clients send one-click unsubscribes to https:// links only.
    expect(refused({ CERTBELL_PUBLIC_URL: 'http://certbell.example.cn' })).toBe(
      'CERTBELL_PUBLIC_URL: expected an https:// URL without query: one-click unsubscribe (RFC 8058) requires HTTPS; http:// is accepted only for 127.0.0.1 or localhost',
    );
    expect(refused({ CERTBELL_PUBLIC_URL: 'http://127.0.0.1.example.cn' })).toMatch(/^CERTBELL_PUBLIC_URL: /);
    expect(parseConfig({ CERTBELL_PUBLIC_URL: 'https://certbody.example.cn/certbell' }).digests.publicUrl).toBe('https://certbody.example.cn/certbell');
    expect(parseConfig({ CERTBELL_PUBLIC_URL: 'http://127.0.0.1:8080' }).digests.publicUrl).toBe('http://127.0.0.1:8080');
    const short = refused({ CERTBELL_UNSUBSCRIBE_SECRET: 'too-short-secret' });
    expect(short).toBe('CERTBELL_UNSUBSCRIBE_SECRET: expected at least 32 characters');
    expect(refused({ CERTBELL_DIGEST_HORIZON_DAYS: '0' })).toMatch(/^CERTBELL_DIGEST_HORIZON_DAYS: /);
  });
});
