import type { Migration } from '../../../io/sqlite.ts';

/**
 * Whether a review can be undone or redone is asked on every read of it. With only
 * `(prediction_id, id)` indexed, answering meant visiting journal rows, whose `state` sits after
 * the patch columns (as large as the review on a dense image). This index answers from itself.
 */
export const workspace002JournalState: Migration = {
  version: 2,
  name: 'journal entries by prediction and state',
  up(db) {
    db.exec('CREATE INDEX journal_prediction_state ON journal (prediction_id, state, id)');
  },
};
