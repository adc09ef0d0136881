// Field types that several configuration areas share.
import { z } from 'zod';
import { locales } from '../domain/locale.js';

/** Blank means unset. */
export const optionalText = z
  .string()
  .trim()
  .transform((v) => v || undefined)
  .optional();

export const port = z.coerce.number().int().min(0).max(65535);

export const host = (fallback: string) => z.string().trim().default(fallback);

export const flag = (fallback: boolean) =>
  z
    .enum(['true', 'false'])
    .default(fallback ? 'true' : 'false')
    .transform((v) => v === 'true');

export const locale = z.enum(locales);
