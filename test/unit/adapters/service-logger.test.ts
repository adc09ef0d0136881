// The service logger keeps secrets and message bodies out of every line, whichever way a caller
// hands them over: as a named field, nested one level down, or inside an error's free text.
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { REDACTED, createServiceLogger, secretScrubber } from '../../../src/adapters/logging/service-logger.js';

const TOKEN = '7000042:AAunitTestTelegramSecret_abcdef';
const SMTP_PASSWORD = 'p@ss word/with:odd&chars';

function capture() {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      done();
    },
  });
  return { lines, log: createServiceLogger({ level: 'debug', secrets: [TOKEN, SMTP_PASSWORD, null, 'short'], destination }) };
}

describe('the service logger', () => {
  it('blanks fields that hold credentials or message content, at the top level and one level down', () => {
    const { lines, log } = capture();
    log.info({ token: 'anything-at-all', text: 'Dear Zhang, your pledge is due', message: { html: '<p>body</p>', subject: 'Pledge due' }, caseRef: 'CN-2026-0001' }, 'sent');
    const line = JSON.parse(lines[0]!) as Record<string, unknown>;
    expect(line).toMatchObject({ token: REDACTED, text: REDACTED, message: { html: REDACTED, subject: REDACTED }, caseRef: 'CN-2026-0001', msg: 'sent' });
  });

  it('scrubs configured secrets from free text, as written, URL-encoded and JSON-escaped', () => {
    const { lines, log } = capture();
    log.error({ err: { message: `request to http://127.0.0.1:1/bot${TOKEN}/sendMessage failed` } }, 'dispatch failed');
    log.warn({ smtp: `smtp://certbell:${encodeURIComponent(SMTP_PASSWORD)}@mail.example.cn:587` }, `login as certbell with ${SMTP_PASSWORD} refused`);
    const all = lines.join('\n');
    expect(all).not.toContain(TOKEN);
    expect(all).not.toContain(SMTP_PASSWORD);
    expect(all).not.toContain(encodeURIComponent(SMTP_PASSWORD));
    expect(all).toContain(`/bot${REDACTED}/sendMessage`);
    for (const line of lines) expect(() => JSON.parse(line) as unknown).not.toThrow();
  });

  it('leaves ordinary words alone: values too short to be secrets are not scrubbed', () => {
    expect(secretScrubber(['short', null, undefined])('a short line')).toBe('a short line');
  });
});
