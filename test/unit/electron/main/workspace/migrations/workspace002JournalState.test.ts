import { DatabaseSync } from 'node:sqlite';
import { describe, expect, it } from 'vitest';
import { workspace001Initial } from '../../../../../../electron/main/workspace/migrations/workspace001Initial.ts';
import { workspace002JournalState } from '../../../../../../electron/main/workspace/migrations/workspace002JournalState.ts';

describe('workspace migration 002', () => {
  it('answers "is there a done/undone entry" from the index alone, on a workspace made by 001', () => {
    const db = new DatabaseSync(':memory:');
    workspace001Initial.up(db);
    const query = 'SELECT 1 FROM journal WHERE prediction_id = ? AND state = ? LIMIT 1';
    const plan = () =>
      db
        .prepare(`EXPLAIN QUERY PLAN ${query}`)
        .all(1, 'done')
        .map((row) => String(row['detail']))
        .join('\n');
    expect(plan()).not.toMatch(/COVERING INDEX/);
    workspace002JournalState.up(db);
    expect(plan()).toMatch(/COVERING INDEX journal_prediction_state/);
    db.close();
  });
});
