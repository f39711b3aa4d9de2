import { expect, test } from '@playwright/test';
import { openSampleWorkspace, type SampleWorkspace } from './sampleWorkspace.ts';

let opened: SampleWorkspace | undefined;
test.afterEach(async () => {
  await opened?.close();
  opened = undefined;
});

test('an audit of the sample workspace walks only sampled regions by keyboard, with the estimate and the remaining count live, and stops at its target', async ({
  page,
}) => {
  test.setTimeout(240_000);
  opened = await openSampleWorkspace(page, 'audit');
  const { review } = opened;
  await review.waitForImage();

  await page.getByRole('toolbar', { name: 'Review tools' }).getByRole('button', { name: 'Audit…' }).click();
  await review.dialog.getByLabel(/Target half-width/).fill('15');
  await review.dialog.getByLabel(/Seed/).fill('42');
  await review.dialog.getByRole('button', { name: 'Start audit' }).click();
  const panel = page.getByTestId('audit-panel');
  await expect(panel).toContainText('seed 42');
  await expect(panel).toHaveAttribute('data-judged', '0');

  const started = await review.invoke('audit.get', {});
  expect(started).not.toBeNull();
  const population = started!.population;
  expect(population).toBeGreaterThan(20);
  const visited = new Set<string>(); // in the order reviewed
  let judged = 0;
  for (;;) {
    const audit = (await review.invoke('audit.get', {}))!;
    if (audit.done) break;
    expect(audit.judged).toBe(judged);
    const next = audit.next!;
    // The canvas is on the sampled region, which is the only unjudged region shown.
    await review.waitForImage(next.imageId);
    await expect(review.canvas).toHaveAttribute('data-selected', next.regionKey);
    const id = `${next.predictionId}/${next.regionKey}`;
    expect(visited.has(id)).toBe(false);
    visited.add(id);
    if (judged === 0) {
      // Only the sample is shown: Ctrl+A (select every shown region) finds that one region alone,
      // on an image with more.
      expect((await review.review(next.imageId)).state.regions.length).toBeGreaterThan(1);
      expect(audit.shownKeys).toEqual([next.regionKey]);
      await review.press('Control+a');
      await expect(review.canvas).toHaveAttribute('data-selection-count', '1');
      await expect(review.canvas).toHaveAttribute('data-selected', next.regionKey);
    }
    await expect(page.getByTestId('audit-progress')).toContainText(
      `${audit.remaining} more to reach ±15.0 %`,
    );
    // One in four a false positive, the rest accepted.
    await review.press(judged % 4 === 3 ? 'x' : 'a');
    judged++;
    await expect(panel).toHaveAttribute('data-judged', String(judged), { timeout: 20_000 });
    expect(judged).toBeLessThan(population);
  }
  const done = (await review.invoke('audit.get', {}))!;
  expect(done).toMatchObject({ done: true, judged, remaining: 0, next: null });
  expect(done.halfWidth!).toBeLessThanOrEqual(0.15);
  // Fewer verdicts than regions: the point of sampling.
  expect(judged).toBeLessThan(population);
  await expect(panel).toHaveAttribute('data-done', 'true');
  await expect(page.getByTestId('audit-progress')).toContainText('target reached');
  const shown = (value: number | null) => `${(value! * 100).toFixed(1)} %`;
  await expect(page.getByTestId('audit-estimate')).toContainText(
    `Precision ${shown(done.estimate)} (${shown(done.low)} – ${shown(done.high)}, ±${shown(done.halfWidth)})`,
  );
  // The verdicts are the reviews' own: every sampled region carries the one given, and no
  // region outside the sample was judged.
  const given = new Map<string, 'accepted' | 'removed'>();
  let index = 0;
  for (const id of visited) given.set(id, index++ % 4 === 3 ? 'removed' : 'accepted');
  const judgedRegions = new Map<string, 'accepted' | 'removed'>();
  for (const image of opened.items) {
    for (const prediction of (await review.invoke('image.get', { imageId: image.id })).predictions) {
      for (const region of prediction.review?.state.regions ?? []) {
        if (region.removed || region.confirmed)
          judgedRegions.set(
            `${prediction.predictionId}/${region.key}`,
            region.removed ? 'removed' : 'accepted',
          );
      }
    }
  }
  expect(judgedRegions).toEqual(given);

  // It survives a reload: the audit is kept in the workspace.
  await review.reload();
  await expect(panel).toHaveAttribute('data-done', 'true');
  await panel.getByRole('button', { name: 'End audit' }).click();
  await expect(panel).toHaveCount(0);
  expect(await review.invoke('audit.get', {})).toBeNull();
});
