// Unsubscribe links that need no token table: the link carries the contact id and an HMAC of it under
// a secret from the environment, so only certbell can make one and any copy of the database cannot.
import { createHmac, timingSafeEqual } from 'node:crypto';

export const UNSUBSCRIBE_PATH = '/unsubscribe';

/** Bound into every signature, so a MAC made for another purpose with the same secret never passes. */
const PURPOSE = 'certbell/digest-unsubscribe/v1';

export interface UnsubscribeLinks {
  /**
   * The path the links point at: UNSUBSCRIBE_PATH under the public URL's own path, so that certbell
   * behind a proxy at https://example.cn/certbell/ serves /certbell/unsubscribe (the proxy passes
   * the path on unchanged).
   */
  readonly path: string;
  /** The public link for a contact, e.g. https://certbell.example.cn/unsubscribe?c=…&t=… */
  url(contactId: string): string;
  /** The contact a link's query names, if its signature is ours; null otherwise, whatever the reason. */
  verify(query: URLSearchParams): string | null;
}

export function createUnsubscribeLinks(publicUrl: string, secret: string): UnsubscribeLinks {
  const sign = (contactId: string) => createHmac('sha256', secret).update(`${PURPOSE}\n${contactId}`, 'utf8').digest();
  const base = new URL(UNSUBSCRIBE_PATH.slice(1), publicUrl.endsWith('/') ? publicUrl : `${publicUrl}/`);
  return {
    path: base.pathname,
    url(contactId) {
      const url = new URL(base);
      url.searchParams.set('c', contactId);
      url.searchParams.set('t', sign(contactId).toString('base64url'));
      return url.toString();
    },
    verify(query) {
      const contactId = query.get('c');
      const token = query.get('t');
      if (!contactId || !token || contactId.length > 100 || !/^[A-Za-z0-9_-]{43}$/.test(token)) return null;
      // Constant time, so that the answer's timing says nothing about how much of a forgery was right.
      return timingSafeEqual(Buffer.from(token, 'base64url'), sign(contactId)) ? contactId : null;
    },
  };
}
