// Generates realistic cases (folded from real event histories) and writes them in bulk with the raw
// driver: seeding 100,000 cases through the use cases would measure the seeding, not planning.
import { randomUUID } from 'node:crypto';
import Database from 'better-sqlite3';
import pg from 'pg';
import { addDays } from '../src/domain/calendar/calendar-date.js';
import type { CaseEventInput, CaseState } from '../src/domain/case.js';
import { defaultPolicy } from '../src/domain/policy.js';
import { schemeFor } from '../src/domain/schemes/registry.js';
import { foldEvents, initialState } from '../src/domain/schemes/scheme.js';

interface SeedCase {
  id: string;
  ref: string;
  scheme: string;
  organizationId: string;
  serviceType: string | null;
  level: number;
  state: CaseState;
}

/** A deterministic pseudo-random sequence, so that every run plans the same cases. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

export function generateCases(count: number): { organizations: string[]; cases: SeedCase[] } {
  const next = random(20261121);
  const organizations: string[] = [];
  const cases: SeedCase[] = [];
  for (let i = 0; i < count; i++) {
    // About one organisation per 1.5 cases, so that WA-6 groups occur.
    if (organizations.length === 0 || next() < 0.67) organizations.push(randomUUID());
    const organizationId = organizations[organizations.length - 1] as string;
    const wal = next() < 0.4;
    const start = addDays('2023-01-01', Math.floor(next() * 1300));
    const events: CaseEventInput[] = [];
    const kind = next();
    if (wal) {
      events.push({ type: 'certificate-issued', date: start, data: { certificateNo: `WAL-${i}` } });
      if (kind < 0.6) events.push({ type: 'surveillance-audit-completed', date: addDays(start, 300 + Math.floor(next() * 60)) });
    } else if (kind < 0.7) {
      events.push({ type: 'certificate-issued', date: start, data: { certificateNo: `CN-${i}` } });
      if (next() < 0.5) events.push({ type: 'annual-inspection-passed', date: addDays(start, 350) });
    } else if (kind < 0.85) {
      events.push({ type: 'materials-received', date: start });
    } else {
      events.push({ type: 'materials-received', date: start }, { type: 'application-accepted', date: addDays(start, 10) }, { type: 'fee-paid', date: addDays(start, 20) });
    }
    const scheme = schemeFor(wal ? 'wal' : 'cnce-ns');
    const level = wal ? 1 + Math.floor(next() * 4) : 1 + Math.floor(next() * 3);
    const serviceType = wal ? null : next() < 0.5 ? 'risk-assessment' : 'design-integration';
    const folded = foldEvents(scheme, initialState(scheme, level, serviceType), events, defaultPolicy, 'history');
    if (!folded.ok) throw new Error(`generated history refused: ${folded.error.code}`);
    cases.push({ id: randomUUID(), ref: `${wal ? 'WA' : 'CN'}-B-${String(i).padStart(6, '0')}`, scheme: scheme.id, organizationId, serviceType, level, state: folded.value });
  }
  return { organizations, cases };
}

function rows(cases: SeedCase[], now: string) {
  return cases.map((c) => [c.id, c.ref, c.scheme, c.organizationId, c.serviceType, c.level, c.state.stage, JSON.stringify(c.state), 1, now, now]);
}

/** One contact per case (its email derived from the ref), for benchmarks that send reminders. */
export function contactRows(cases: readonly { id: string; ref: string; organizationId: string }[], now: string) {
  return {
    contacts: cases.map((c) => [`contact-${c.id}`, c.organizationId, `Contact ${c.ref}`, `${c.ref.toLowerCase()}@example.cn`, 'zh-CN', now, now]),
    links: cases.map((c) => [c.id, `contact-${c.id}`]),
  };
}

export function seedSqlite(file: string, data: ReturnType<typeof generateCases>, withContacts = false): void {
  const db = new Database(file);
  const now = new Date().toISOString();
  const org = db.prepare('INSERT INTO "Organization" (id, name, province, "createdAt", "updatedAt") VALUES (?, ?, ?, ?, ?)');
  const row = db.prepare(
    'INSERT INTO "Case" (id, ref, scheme, "organizationId", "serviceType", level, stage, snapshot, version, "createdAt", "updatedAt") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
  );
  const contact = db.prepare('INSERT INTO "Contact" (id, "organizationId", name, email, locale, "createdAt", "updatedAt") VALUES (?, ?, ?, ?, ?, ?, ?)');
  const link = db.prepare('INSERT INTO "CaseContact" ("caseId", "contactId") VALUES (?, ?)');
  db.transaction(() => {
    for (const id of data.organizations) org.run(id, `Org ${id}`, '北京', now, now);
    for (const r of rows(data.cases, now)) row.run(...r);
    if (withContacts) {
      const { contacts, links } = contactRows(data.cases, now);
      for (const c of contacts) contact.run(...c);
      for (const l of links) link.run(...l);
    }
  })();
  db.close();
}

export async function seedPostgres(url: string, data: ReturnType<typeof generateCases>, withContacts = false): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const now = new Date().toISOString();
  await client.query('BEGIN');
  for (let i = 0; i < data.organizations.length; i += 1000) {
    const chunk = data.organizations.slice(i, i + 1000);
    await client.query(
      `INSERT INTO "Organization" (id, name, province, "createdAt", "updatedAt") SELECT x, 'Org ' || x, '北京', $2::timestamp, $2::timestamp FROM unnest($1::text[]) AS x`,
      [chunk, now],
    );
  }
  const all = rows(data.cases, now);
  for (let i = 0; i < all.length; i += 1000) {
    const chunk = all.slice(i, i + 1000);
    const columns = Array.from({ length: 8 }, (_, k) => chunk.map((r) => r[k]));
    await client.query(
      `INSERT INTO "Case" (id, ref, scheme, "organizationId", "serviceType", level, stage, snapshot, version, "createdAt", "updatedAt")
       SELECT id, ref, scheme, org, st, lvl, stage, snap, 1, $9::timestamp, $9::timestamp
       FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::int[], $7::text[], $8::text[]) AS t(id, ref, scheme, org, st, lvl, stage, snap)`,
      [...columns, now],
    );
  }
  if (withContacts) {
    const { contacts, links } = contactRows(data.cases, now);
    for (let i = 0; i < contacts.length; i += 5000) {
      const chunk = contacts.slice(i, i + 5000);
      await client.query(
        `INSERT INTO "Contact" (id, "organizationId", name, email, locale, "createdAt", "updatedAt")
         SELECT id, org, name, email, locale, $6::timestamp, $6::timestamp FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[]) AS t(id, org, name, email, locale)`,
        [...Array.from({ length: 5 }, (_, k) => chunk.map((c) => c[k])), now],
      );
      const linkChunk = links.slice(i, i + 5000);
      await client.query(`INSERT INTO "CaseContact" ("caseId", "contactId") SELECT * FROM unnest($1::text[], $2::text[])`, [linkChunk.map((l) => l[0]), linkChunk.map((l) => l[1])]);
    }
  }
  await client.query('COMMIT');
  await client.end();
}
