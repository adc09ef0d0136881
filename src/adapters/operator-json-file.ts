// An operator's JSON file, read once at start-up and checked against its schema: any fault names the
// file, the place in it and the reason, as the error class of the setting it belongs to.
import { readFileSync } from 'node:fs';
import type { z } from 'zod';
import { errorMessage } from '../app/errors.js';

export function readOperatorJson<S extends z.ZodType>(path: string, schema: S, fault: new (message: string) => Error): z.infer<S> {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new fault(`${path}: ${errorMessage(error)}`);
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) throw new fault(parsed.error.issues.map((i) => `${path}: ${i.path.join('.') || '(top)'}: ${i.message}`).join('; '));
  return parsed.data;
}
