// The secrets behind calendar feed addresses. Only a token's SHA-256 is stored, so a copy of the
// database cannot subscribe to anything. A staff feed's token is random and shown once. A contact's
// token is instead derived, HMAC(secret, feed id and contact id), so that every digest can print the
// contact's feed address again without the token being stored; revoking the feed row still ends it,
// and a new feed for the same contact gets a new id and so a new address.
import { createHash, createHmac, randomBytes, randomUUID } from 'node:crypto';
import type { FeedTokens } from '../../app/console/feed-ports.js';

/** Bound into every MAC, so a MAC made for another purpose with the same secret (unsubscribe links) never passes. */
const PURPOSE = 'certbell/contact-calendar-feed/v1';
export const FEED_PATH = '/feeds/';

export function createFeedTokens(secret: string | null): FeedTokens {
  return {
    newId: () => randomUUID(),
    random: () => randomBytes(32).toString('base64url'),
    hash: (token) => createHash('sha256').update(token, 'utf8').digest('hex'),
    contactToken: secret ? (contactId, feedId) => createHmac('sha256', secret).update(`${PURPOSE}\n${feedId}\n${contactId}`, 'utf8').digest('base64url') : null,
  };
}

/** The subscription address of a feed token under the console's public origin. */
export function feedUrl(origin: string, token: string): string {
  return `${origin}${FEED_PATH}${token}.ics`;
}

/** A contact's feed address for their digests; null when contact feeds are off (no secret or no console address). */
export function contactFeedUrls(origin: string | null, secret: string | null): ((contactId: string, feedId: string) => string) | null {
  const tokens = createFeedTokens(secret);
  const derive = tokens.contactToken;
  return origin && derive ? (contactId, feedId) => feedUrl(origin, derive(contactId, feedId)) : null;
}
