// The staff web console: off without a port.
import { z } from 'zod';
import { host, optionalText, port } from './fields.js';

export const webSchema = z
  .object({
    CERTBELL_WEB_PORT: port.optional(),
    CERTBELL_WEB_HOST: host('127.0.0.1'),
    CERTBELL_WEB_URL: optionalText.refine((v) => v === undefined || /^https?:\/\/[^\s/?#]+$/.test(v), 'expected http(s)://host[:port] without a path'),
    CERTBELL_WEB_IDLE_MINUTES: z.coerce.number().int().min(1).max(1440).default(30),
  })
  .transform((e) => ({
    port: e.CERTBELL_WEB_PORT ?? null,
    host: e.CERTBELL_WEB_HOST,
    /** The address staff reach the console at, for sign-in links and the origin check (default http://localhost:PORT). */
    publicUrl: e.CERTBELL_WEB_URL ?? null,
    /** A session unused for this long ends. */
    idleMinutes: e.CERTBELL_WEB_IDLE_MINUTES,
  }));
