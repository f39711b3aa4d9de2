import { join } from 'node:path';
import type { DatabaseSync } from 'node:sqlite';
import { openDatabase, type Migration } from '../../io/sqlite.ts';
import { localApi001Initial } from './migrations/localApi001Initial.ts';
import { localApi002Platform } from './migrations/localApi002Platform.ts';

export const localApiMigrations: readonly Migration[] = [localApi001Initial, localApi002Platform];

export const localApiDatabaseFile = (dataDir: string): string => join(dataDir, 'local-api.sqlite');

/** WAL with synchronous=FULL (openDatabase): a feedback row is on disk before its 10000 answer. */
export function openLocalApiDatabase(dataDir: string): DatabaseSync {
  return openDatabase(localApiDatabaseFile(dataDir), localApiMigrations, 'local API database');
}
