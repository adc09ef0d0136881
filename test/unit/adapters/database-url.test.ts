// Pure parsing, no database: kept next to the other db tests because it belongs to the db adapter.
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_DATABASE_URL, parseDatabaseUrl } from '../../../src/adapters/db/database-url.js';

describe('parseDatabaseUrl', () => {
  it('resolves a relative SQLite file against the working directory', () => {
    expect(parseDatabaseUrl(DEFAULT_DATABASE_URL)).toEqual({ kind: 'sqlite', file: resolve('data/certbell.db') });
  });

  it('accepts absolute SQLite paths, with or without a file URL', () => {
    expect(parseDatabaseUrl('file:/var/lib/certbell/db.sqlite')).toEqual({ kind: 'sqlite', file: '/var/lib/certbell/db.sqlite' });
    expect(parseDatabaseUrl('file:///var/lib/certbell/db.sqlite')).toEqual({ kind: 'sqlite', file: '/var/lib/certbell/db.sqlite' });
  });

  it('splits a PostgreSQL URL into discrete fields and keeps the URL', () => {
    expect(parseDatabaseUrl('postgresql://postgres@127.0.0.1:5432/certbell')).toEqual({
      kind: 'postgres',
      url: 'postgresql://postgres@127.0.0.1:5432/certbell',
      host: '127.0.0.1',
      port: 5432,
      user: 'postgres',
      password: undefined,
      database: 'certbell',
    });
    expect(parseDatabaseUrl('postgres://bell:p%40ss@db.example:6543/app?sslmode=require')).toMatchObject({
      url: 'postgres://bell:p%40ss@db.example:6543/app?sslmode=require',
      host: 'db.example',
      port: 6543,
      user: 'bell',
      password: 'p@ss',
      database: 'app',
    });
    expect(parseDatabaseUrl('postgresql://bell@db.example/app')).toMatchObject({ port: 5432 });
  });

  it.each([
    ['mysql://root@localhost/certbell', /Unsupported DATABASE_URL "mysql:\/\/root@localhost\/certbell"/],
    ['./data/certbell.db', /Unsupported DATABASE_URL/],
    ['file:', /the file path is empty/],
    ['file:./x.db?mode=ro', /query parameters are not supported/],
    ['file::memory:', /in-memory database/],
    ['postgresql://db.example/app', /the user is missing/],
    ['postgresql://bell@db.example', /must name exactly one database/],
    ['postgresql://bell@db.example/app?schema=certbell', /"schema" parameter is not supported/],
  ])('refuses %s with the reason', (url, reason) => {
    expect(() => parseDatabaseUrl(url)).toThrow(reason);
  });

  it('does not quote the password in its errors', () => {
    expect(() => parseDatabaseUrl('postgresql://bell:secret@db.example')).toThrow('postgresql://bell:***@db.example');
    expect(() => parseDatabaseUrl('postgresql://bell:secret@db.example')).not.toThrow(/secret/);
  });
});
