// Where staff (and contacts' calendar apps) reach the console. Its own module so that the digests,
// which link contacts to their feeds, need not load the console (fastify) to know it.
import type { Config } from '../config/index.js';

export function consoleOrigin(config: Config, port: number): string {
  return config.web.publicUrl ?? `http://localhost:${port}`;
}
