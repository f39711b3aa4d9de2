import { expect, test } from '@playwright/test';
import { regionVerdict, type ReviewState } from '../../shared/review.ts';
import { openSampleWorkspace, type SampleWorkspace } from './sampleWorkspace.ts';

let opened: SampleWorkspace | undefined;
test.afterEach(async () => {
  await opened?.close();
  opened = undefined;
});

const faceModel = 'a403429f2ddf4b49b307e318f00e528b';
const logoModel = 'c443119bf2ed4da98487520d01a0b1e3';

test('a second model version of reviewed images starts with the verdicts carried, only the changed regions left to review, and the report counts them', async ({
  page,
}) => {
  test.setTimeout(360_000);
  opened = await openSampleWorkspace(page, 'carried');
  const { review, items } = opened;
  const photos = items.slice(0, 6);
  const logos = items.slice(6);
  const reviewed = items;

  // Version 1 of the whole sample set, reviewed by keyboard and submitted: on each image the
  // first region a false positive, the rest accepted.
  for (const image of reviewed) {
    await review.waitForImage(image.id);
    await review.press('Tab', 'x', 'Shift+A', 'd');
  }
  await review.settled();
  const first = new Map<number, ReviewState>();
  for (const image of reviewed) {
    const { state, status } = await review.review(image.id);
    expect(status).toBe('done');
    expect(state.regions.every((region) => regionVerdict(region) !== undefined)).toBe(true);
    first.set(image.id, state);
  }

  // Version 2: the same models with shifted boxes, served by the embedded API.
  const run = async (modelId: string, versionId: string, imageIds: number[]) =>
    review.invoke('predict.run', { model: { modelId, versionId }, imageIds });
  const photoIds = photos.map((image) => image.id);
  const logoIds = logos.map((image) => image.id);
  expect((await run(faceModel, 'local-ssd-mobilenet-v1-2-shifted', photoIds)).queued).toBe(6);
  expect((await run(logoModel, 'recorded-logo-samples-2-shifted', logoIds)).queued).toBe(12);
  const second = new Map<number, { predictionId: number; state: ReviewState; status: string }>();
  await expect
    .poll(
      async () => {
        for (const image of reviewed) {
          const detail = await review.invoke('image.get', { imageId: image.id });
          const later = detail.predictions.find((p) => p.review && p.modelVersionId?.endsWith('-shifted'));
          if (later?.review)
            second.set(image.id, {
              predictionId: later.predictionId,
              state: later.review.state,
              status: later.review.status,
            });
        }
        return second.size;
      },
      // Two local models predict 18 images: generous, the CI machine is loaded.
      { timeout: 180_000 },
    )
    .toBe(18);

  // Every region the new version kept in place took its earlier verdict; every third (moved by
  // 60 % of its width) is left to review.
  let carried = 0;
  let predicted = 0;
  for (const image of reviewed) {
    const earlier = first.get(image.id)!;
    const { state, status } = second.get(image.id)!;
    expect(state.regions).toHaveLength(earlier.regions.length);
    // Carried verdicts put a review in progress; with nothing carried it waits unreviewed (and
    // is not in the report).
    expect(status).toBe(state.regions.length > 0 ? 'in_progress' : 'unreviewed');
    predicted += earlier.regions.length + state.regions.length;
    state.regions.forEach((region, index) => {
      if (index % 3 === 2) {
        expect(region.carried, `${image.source} region ${index}`).toBeUndefined();
        expect(regionVerdict(region)).toBeUndefined();
      } else {
        const verdict = regionVerdict(earlier.regions[index]!);
        expect(region.carried, `${image.source} region ${index}`).toMatchObject({
          fromOutputId: earlier.outputId,
          verdict,
          confirmed: false,
        });
        expect(region.carried!.iou).toBeGreaterThanOrEqual(0.7);
        expect(regionVerdict(region)).toBe(verdict);
        carried++;
      }
    });
  }
  const sampleOne = photos[0]!;
  const onSampleOne = second.get(sampleOne.id)!;
  const toReview = onSampleOne.state.regions.filter((region) => !region.carried).length;
  const carriedHere = onSampleOne.state.regions.length - toReview;
  expect(carriedHere).toBeGreaterThanOrEqual(2);

  // On the canvas: the second version of photo 1, its carried regions marked.
  // The list is scrolled to the last image: back to the top (the list is virtualised).
  await review.imageList.evaluate((list) => {
    for (let element: Element | null = list; element; element = element.parentElement) element.scrollTop = 0;
  });
  await review.imageRow(sampleOne.id).click();
  await review.waitForImage(sampleOne.id);
  const versions = page.getByRole('complementary', { name: 'Review' }).getByLabel('Model');
  await versions.selectOption(String(onSampleOne.predictionId));
  await expect(versions.locator('option:checked')).toContainText('local-ssd-mobilenet-v1-2-shifted');
  const accepted = onSampleOne.state.regions.find((region) => region.carried?.verdict === 'accurate')!;
  await review.clickRegion(accepted.box);
  await expect(review.selectedRegion).toHaveAttribute('data-key', accepted.key);
  await expect(review.selectedRegion).toHaveAttribute('data-carried', 'carried');
  await expect(review.selectedRegion).toContainText('Carried from the earlier version (Accurate');
  // Only the changed regions are left: accept-and-next walks to an uncarried one.
  await review.press('Escape', 'v');
  await review.settled();
  await expect(review.selectedRegion).toHaveCount(0);
  await review.clickRegion(accepted.box);
  await expect(review.selectedRegion).toHaveAttribute('data-carried', 'confirmed');
  // A carried verdict changed after a look: the accepted face is a false positive after all.
  await review.press('x');
  await review.settled();
  const after = (await review.invoke('image.get', { imageId: sampleOne.id })).predictions.find(
    (p) => p.predictionId === onSampleOne.predictionId,
  )!.review!.state;
  expect(after.regions.filter((region) => region.carried?.confirmed).length).toBe(carriedHere);
  expect(regionVerdict(after.regions.find((region) => region.key === accepted.key)!)).toBe('false_positive');
  expect(after.regions.filter((region) => regionVerdict(region) === undefined).length).toBe(toReview);

  // The report: how much was carried, how much looked at since, how often changed.
  await page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name: 'Report' }).click();
  await expect(page.getByTestId('report-carried-count')).toContainText(`${carried} of ${predicted}`);
  await expect(page.getByTestId('report-carried-confirmed')).toContainText(String(carriedHere));
  await expect(page.getByTestId('report-carried-changed')).toContainText(`1 of ${carriedHere}`);
  const report = await review.invoke('report.get', {});
  expect(report.carried).toMatchObject({ carried, predicted, confirmed: carriedHere, changed: 1 });
});
