// Whatever a `catch` receives, a log line and a message get the same text from it.
import { describe, expect, it } from 'vitest';
import { asError, errorFields, errorMessage } from '../../../src/app/errors.js';

describe('error text', () => {
  it('is the message of an Error and the string of anything else', () => {
    expect(errorMessage(new Error('disk full'))).toBe('disk full');
    expect(errorMessage('timed out')).toBe('timed out');
    expect(errorMessage(42)).toBe('42');
  });

  it('keeps an Error as it is and wraps anything else', () => {
    const error = new TypeError('bad');
    expect(asError(error)).toBe(error);
    expect(asError('refused')).toEqual(new Error('refused'));
  });

  it('gives log fields with the stack, both passed through the redaction', () => {
    const error = new Error('GET /bot123456:secret/getMe failed');
    const fields = errorFields(error, (text) => text.split('123456:secret').join('[token]'));
    expect(fields.message).toBe('GET /bot[token]/getMe failed');
    expect(fields.stack).toContain('[token]');
    expect(fields.stack).not.toContain('123456:secret');
    expect(errorFields('plain')).toEqual({ message: 'plain' });
  });
});
