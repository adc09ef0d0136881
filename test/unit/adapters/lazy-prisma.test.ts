// Prisma's client is loaded on first use only: commands that read through the driver never pay for it,
// and what uses it sees the client's own answers.
import { describe, expect, it } from 'vitest';
import { lazyPrisma } from '../../../src/adapters/db/lazy-prisma.js';
import type { PrismaClient } from '../../../src/adapters/db/generated/sqlite/client.js';

function fakeClient() {
  const calls: string[] = [];
  const client = {
    staffMember: { findMany: async (args: unknown) => (calls.push(`findMany ${JSON.stringify(args)}`), ['row']) },
    $transaction: async <T>(work: (tx: string) => Promise<T>) => (calls.push('$transaction'), work('tx')),
    $disconnect: async () => void calls.push('$disconnect'),
  };
  return { calls, client: client as unknown as PrismaClient };
}

describe('the lazily loaded Prisma client', () => {
  it('is not loaded until something calls it, then loaded once and answering as itself', async () => {
    const fake = fakeClient();
    let loads = 0;
    const lazy = lazyPrisma(async () => (loads++, fake.client));
    const stand = lazy.client;
    // Taking the client and its models (as repositories do when they are built) loads nothing.
    const staff = stand.staffMember;
    expect(loads).toBe(0);
    expect(await lazy.loaded()).toBeNull();
    expect(await staff.findMany({ where: { email: 'a@example.cn' } })).toEqual(['row']);
    expect(await stand.$transaction(async (tx) => `in ${String(tx)}`)).toBe('in tx');
    expect(loads).toBe(1);
    expect(await lazy.loaded()).toBe(fake.client);
    expect(fake.calls).toEqual(['findMany {"where":{"email":"a@example.cn"}}', '$transaction']);
  });

  it('is not a promise itself: awaiting it does not call into the client', async () => {
    let loads = 0;
    const lazy = lazyPrisma(async () => (loads++, fakeClient().client));
    expect(await Promise.resolve(lazy.client)).toBe(lazy.client);
    expect(loads).toBe(0);
  });
});
