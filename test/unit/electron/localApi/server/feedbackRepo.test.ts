import { afterAll, describe, expect, it } from 'vitest';
import { FeedbackRepo, type NewFeedback } from '../../../../../electron/localApi/server/feedbackRepo.ts';
import { openLocalApiDatabase } from '../../../../../electron/localApi/server/localApiDatabase.ts';
import { makeTempDir } from '../../../../support/tempDir.ts';

const temp = makeTempDir('loupe-feedback-repo-');
afterAll(temp.cleanup);

const feedback = (requestId: string, inputId: string | null): NewFeedback => ({
  requestId,
  kind: 'model',
  method: 'POST',
  path: '/v2/models/m/feedback',
  pathModelId: 'm',
  modelId: 'm',
  modelVersionId: null,
  userId: null,
  appId: null,
  inputId: inputId as string,
  outputId: 'o',
  searchId: null,
  body: '{}',
  parsed: {},
  flags: [],
  receivedAt: new Date().toISOString(),
});

describe('FeedbackRepo', () => {
  it('commits requests of one turn together, each acknowledged once on disk; a refused one costs the others nothing', async () => {
    const db = openLocalApiDatabase(temp.dir);
    const repo = new FeedbackRepo(db);
    const results = await Promise.allSettled([
      repo.record(feedback('a', 'in-1')),
      repo.record(feedback('b', null)),
      repo.record(feedback('c', 'in-3')),
      repo.record(feedback('a', 'in-1')),
    ]);
    expect(results.map((result) => result.status)).toEqual([
      'fulfilled',
      'rejected',
      'fulfilled',
      'fulfilled',
    ]);
    expect(String((results[1] as PromiseRejectedResult).reason)).toMatch(/NOT NULL/);
    // The repeated request id is counted as a second delivery, not stored again.
    expect((results[3] as PromiseFulfilledResult<{ duplicate: boolean }>).value.duplicate).toBe(true);
    db.close();

    // What was acknowledged is in the file, read by a new connection.
    const reopened = openLocalApiDatabase(temp.dir);
    const stored = new FeedbackRepo(reopened).list();
    expect(stored.map((row) => [row.requestId, row.inputId, row.deliveries])).toEqual([
      ['a', 'in-1', 2],
      ['c', 'in-3', 1],
    ]);
    reopened.close();
  });
});
