import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { withStatementCache } from '../../src/db/statement-cache.js';

describe('withStatementCache', () => {
  let dir: string;
  let database: SQLite.Database;

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'statement-cache-'));
    database = new SQLite(path.join(dir, 'cache.db'));
    database.exec('create table t (n integer)');
  });

  afterEach(() => {
    if (database.open) database.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('prepares a text once and reuses the statement, which still runs with new parameters', () => {
    const cached = withStatementCache(database);
    const insert = cached.prepare('insert into t (n) values (?)');
    expect(cached.prepare('insert into t (n) values (?)')).toBe(insert);
    insert.run([1]);
    cached.prepare('insert into t (n) values (?)').run([2]);
    expect(cached.prepare('select n from t order by n').all([])).toEqual([{ n: 1 }, { n: 2 }]);
  });

  it('drops the least recently used statement beyond its capacity', () => {
    const cached = withStatementCache(database, 2);
    const one = cached.prepare('select 1');
    const two = cached.prepare('select 2');
    expect(cached.prepare('select 1')).toBe(one);
    cached.prepare('select 3');
    expect(cached.prepare('select 1')).toBe(one);
    expect(cached.prepare('select 2')).not.toBe(two);
  });

  it('keeps working after a statement failed and after the schema changed', () => {
    const cached = withStatementCache(database);
    const insert = cached.prepare('insert into t (n) values (?)');
    expect(() => insert.run(['x', 'too many'])).toThrow();
    insert.run([3]);
    expect(cached.prepare('select * from t').all([])).toEqual([{ n: 3 }]);
    database.exec('alter table t add column m integer');
    expect(cached.prepare('select * from t').all([])).toEqual([{ n: 3, m: null }]);
  });

  it('closes the database', () => {
    withStatementCache(database).close();
    expect(database.open).toBe(false);
  });
});
