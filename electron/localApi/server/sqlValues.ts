import type { SQLOutputValue } from 'node:sqlite';

/** A column read back from node:sqlite, in the form the local API's stores hold it. */
export type Row = Record<string, SQLOutputValue>;

export function nullableText(value: SQLOutputValue | undefined): string | null {
  return value === null || value === undefined ? null : String(value);
}
