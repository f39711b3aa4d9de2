import { closeSync, fstatSync, openSync, readSync, statSync, constants } from 'node:fs';
import { LoupeError } from '../../shared/LoupeError.ts';

const sqliteMagic = Buffer.from('SQLite format 3\0', 'latin1');

/**
 * Checks a file before it is opened as a SQLite database a person chose (a workspace), so that
 * what SQLite would silently accept or turn into an odd error gets a clear one naming the file:
 * an empty file (SQLite would make it a new, empty database: every image "gone"), something that
 * is not a regular file, a file that is not SQLite, or one shorter than its header says (a
 * half-written copy). `createInEmpty` is the person asking for a new database in an empty file.
 * Never quotes the file's bytes.
 */
export function checkSqliteFile(file: string, what: string, createInEmpty: boolean): void {
  let info;
  try {
    info = statSync(file);
  } catch {
    return; // Nothing there yet: SQLite creates it.
  }
  if (!info.isFile()) throw new LoupeError('storage', `The ${what} ${file} is not a regular file`);
  if (info.size === 0) {
    if (createInEmpty) return;
    throw new LoupeError(
      'storage',
      `The ${what} ${file} is an empty file (0 bytes), not a Loupe ${what}; choose to create a new ${what} there to use it`,
    );
  }
  const header = Buffer.alloc(100);
  let read: number;
  const fd = openSync(file, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  try {
    if (!fstatSync(fd).isFile()) throw new LoupeError('storage', `The ${what} ${file} is not a regular file`);
    read = readSync(fd, header, 0, header.length, 0);
  } finally {
    closeSync(fd);
  }
  if (read < sqliteMagic.length || !header.subarray(0, sqliteMagic.length).equals(sqliteMagic)) {
    throw new LoupeError('storage', `The ${what} ${file} is not a Loupe ${what}: it is not a SQLite file`);
  }
  if (read < 100) throw new LoupeError('storage', `The ${what} ${file} is damaged: its header is cut short`);
  const pageSize = header.readUInt16BE(16) === 1 ? 65_536 : header.readUInt16BE(16);
  const pages = header.readUInt32BE(28);
  // The header's page count is valid when its change counter matches (sqlite.org/fileformat.html
  // §1.3.7). With a WAL beside the file, a checkpoint may be mid-way: SQLite recovers that itself.
  const countValid = pages > 0 && header.readUInt32BE(24) === header.readUInt32BE(92);
  if (countValid && !walPresent(file) && info.size < pageSize * pages) {
    throw new LoupeError(
      'storage',
      `The ${what} ${file} is damaged: it is shorter than its header says (${info.size} of ${pageSize * pages} bytes), as a half-written copy would be`,
    );
  }
}

function walPresent(file: string): boolean {
  try {
    return statSync(`${file}-wal`).size > 0;
  } catch {
    return false;
  }
}
