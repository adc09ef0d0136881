// Prisma's client, loaded on its first use. Its generated module and driver adapter cost some 170 ms
// to load, and commands that only read (plan, case show, outbox) read through the driver and never
// use it. Every call through the client is asynchronous, so a stand-in that loads it and then calls
// it changes nothing for its callers.
import type { PrismaClient } from './generated/sqlite/client.js';

export interface LazyPrisma {
  /** Stands for the client: `client.case.findMany(…)`, `client.$transaction(…)`. */
  readonly client: PrismaClient;
  /** The client if something has used it, else null (closing need not load it). */
  loaded(): Promise<PrismaClient | null>;
}

type Call = (...args: unknown[]) => Promise<unknown>;

export function lazyPrisma(load: () => Promise<PrismaClient>): LazyPrisma {
  let loading: Promise<PrismaClient> | null = null;
  const client = () => (loading ??= load());
  // `$transaction`, `$queryRawUnsafe`… on the client itself; `findMany`, `updateMany`… on a model.
  const call =
    (owner: string | null, method: string): Call =>
    async (...args) => {
      const real = (await client()) as unknown as Record<string, Record<string, Call>>;
      const target = owner === null ? (real as unknown as Record<string, Call>) : real[owner]!;
      return target[method]!.apply(target, args);
    };
  const model = (name: string) => new Proxy({}, { get: (_, method) => (typeof method === 'string' ? call(name, method) : undefined) });
  const stand = new Proxy(
    {},
    {
      get: (_, key) => {
        if (typeof key !== 'string' || key === 'then') return undefined;
        return key.startsWith('$') ? call(null, key) : model(key);
      },
    },
  ) as PrismaClient;
  return { client: stand, loaded: async () => (loading ? await loading : null) };
}
