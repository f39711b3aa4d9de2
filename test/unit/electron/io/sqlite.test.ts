import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DatabaseSync } from 'node:sqlite';
import {
  inTransaction,
  openDatabase,
  prepareArrayRows,
  userVersion,
  type Migration,
} from '../../../../electron/io/sqlite.ts';
import { makeTempDir } from '../../../support/tempDir.ts';

const temp = makeTempDir();
afterAll(temp.cleanup);

const migrations: Migration[] = [
  { version: 1, name: 'one', up: (db) => db.exec('CREATE TABLE a (x INTEGER)') },
  { version: 2, name: 'two', up: (db) => db.exec('CREATE TABLE b (y INTEGER)') },
];

describe('openDatabase', () => {
  it('applies migrations in order once, in WAL mode with full sync', () => {
    const file = join(temp.dir, 'm.sqlite');
    const db = openDatabase(file, migrations, 'test file');
    expect(userVersion(db)).toBe(2);
    expect(db.prepare('PRAGMA journal_mode').get()).toEqual({ journal_mode: 'wal' });
    expect(db.prepare('PRAGMA synchronous').get()).toEqual({ synchronous: 2 });
    db.close();
    const again = openDatabase(file, migrations, 'test file');
    expect(userVersion(again)).toBe(2);
    again.close();
  });

  it('rolls back a failing migration and names the file', () => {
    const file = join(temp.dir, 'broken.sqlite');
    const failing: Migration[] = [
      migrations[0]!,
      { version: 2, name: 'bad', up: (db) => db.exec('CREATE TABLE a (dup INTEGER)') },
    ];
    expect(() => openDatabase(file, failing, 'test file')).toThrow(file);
    const db = openDatabase(file, migrations.slice(0, 1), 'test file');
    expect(userVersion(db)).toBe(1);
    db.close();
  });

  it('compiles each SQL text once, and a reused statement still runs cleanly after a failure', () => {
    const db = openDatabase(join(temp.dir, 'cache.sqlite'), migrations, 'test file');
    const insert = 'INSERT INTO a VALUES (?)';
    expect(db.prepare(insert)).toBe(db.prepare(insert));
    db.prepare(insert).run(1);
    expect(() => db.prepare(insert).run([1] as never)).toThrow(/parameter/);
    db.prepare(insert).run(2);
    expect(db.prepare('SELECT x FROM a ORDER BY x').all()).toEqual([{ x: 1 }, { x: 2 }]);
    db.close();
  });

  it('reads rows as arrays where asked, while prepare of the same SQL still answers objects', () => {
    const db = openDatabase(join(temp.dir, 'arrays.sqlite'), migrations, 'test file');
    db.exec('INSERT INTO a VALUES (1), (2)');
    const sql = 'SELECT x, x * 10 AS tenfold FROM a WHERE x >= :from ORDER BY x';
    expect(prepareArrayRows(db, sql).all({ from: 1 })).toEqual([
      [1, 10],
      [2, 20],
    ]);
    expect(prepareArrayRows(db, sql)).toBe(prepareArrayRows(db, sql));
    expect(db.prepare(sql).all({ from: 2 })).toEqual([{ x: 2, tenfold: 20 }]);
    expect(prepareArrayRows(db, sql).get({ from: 2 })).toEqual([2, 20]);
    db.close();
    // A plain connection (a migration's test) gets arrays too.
    const plain = new DatabaseSync(':memory:');
    expect(prepareArrayRows(plain, 'SELECT 1, 2').get()).toEqual([1, 2]);
    plain.close();
  });

  it('runs a table rebuild with foreign keys off, keeping the rows that refer to it, and refuses one that leaves a dangling reference', () => {
    const parent: Migration = {
      version: 1,
      name: 'parent and child',
      up: (db) =>
        db.exec(`CREATE TABLE p (id INTEGER PRIMARY KEY, u INTEGER UNIQUE);
          CREATE TABLE c (p_id INTEGER NOT NULL REFERENCES p (id) ON DELETE CASCADE);
          INSERT INTO p VALUES (1, 1), (2, 2); INSERT INTO c VALUES (1), (2);`),
    };
    const rebuild = (keep: string): Migration => ({
      version: 2,
      name: 'rebuild p',
      rebuildsTables: true,
      up: (db) =>
        db.exec(`CREATE TABLE p2 (id INTEGER PRIMARY KEY, u INTEGER);
          INSERT INTO p2 SELECT id, u FROM p WHERE ${keep}; DROP TABLE p; ALTER TABLE p2 RENAME TO p;`),
    });
    const dangling = join(temp.dir, 'dangling.sqlite');
    expect(() => openDatabase(dangling, [parent, rebuild('id = 1')], 'test file')).toThrow(
      /rebuild p left 1 dangling reference/,
    );
    const kept = openDatabase(dangling, [parent], 'test file');
    expect(kept.prepare('SELECT count(*) AS n FROM p').get()).toEqual({ n: 2 });
    kept.close();
    const db = openDatabase(join(temp.dir, 'rebuild.sqlite'), [parent, rebuild('1')], 'test file');
    expect(userVersion(db)).toBe(2);
    expect(db.prepare('PRAGMA foreign_keys').get()).toEqual({ foreign_keys: 1 });
    expect(db.prepare('SELECT count(*) AS n FROM c').get()).toEqual({ n: 2 });
    db.exec('DELETE FROM p WHERE id = 1');
    expect(db.prepare('SELECT count(*) AS n FROM c').get()).toEqual({ n: 1 });
    db.close();
  });

  it('refuses a migration list with a gap', () => {
    expect(() => openDatabase(join(temp.dir, 'gap.sqlite'), [migrations[1]!], 'test file')).toThrow(
      /expected 1/,
    );
  });

  it('inTransaction rolls back on a throw', () => {
    const db = openDatabase(join(temp.dir, 'tx.sqlite'), migrations, 'test file');
    expect(() =>
      inTransaction(db, () => {
        db.exec('INSERT INTO a VALUES (1)');
        throw new Error('stop');
      }),
    ).toThrow('stop');
    expect(db.prepare('SELECT count(*) AS n FROM a').get()).toEqual({ n: 0 });
    db.close();
  });
});
