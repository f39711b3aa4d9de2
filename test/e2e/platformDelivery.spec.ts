import { expect, test } from '@playwright/test';
import { openLocalApiDatabase } from '../../electron/localApi/server/localApiDatabase.ts';
import { PlatformStore } from '../../electron/localApi/server/platform/platformStore.ts';
import {
  expectWithinAPixel,
  openSampleWorkspace,
  reviewSamplesByKeyboard,
  type SampleWorkspace,
} from './sampleWorkspace.ts';

let opened: SampleWorkspace | undefined;
test.afterEach(async () => {
  await opened?.close();
  opened = undefined;
});

/** What the embedded local API's platform app me/loupe holds in `dataDir`. */
function heldByApp(dataDir: string) {
  const db = openLocalApiDatabase(dataDir);
  try {
    const store = new PlatformStore(db);
    const inApp = (item: { userId: string; appId: string }) => item.userId === 'me' && item.appId === 'loupe';
    return { inputs: store.allInputs().filter(inApp), annotations: store.allAnnotations().filter(inApp) };
  } finally {
    db.close();
  }
}

test('first run, switched to the Clarifai platform: a keyboard review lands as one input per image and one annotation per reviewed region', async ({
  page,
}) => {
  test.setTimeout(180_000);
  opened = await openSampleWorkspace(page, 'platform');
  const { review, items } = opened;

  // Settings: deliver to the platform (the embedded API's app me/loupe), test it, pick the model.
  await page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name: 'Settings' }).click();
  // A controlled radio: checked once the main side has saved the choice.
  const platformRadio = page.getByRole('radio', { name: /Clarifai platform/ });
  await platformRadio.click();
  await expect(platformRadio).toBeChecked();
  await expect(page.getByLabel('App id')).toHaveValue('loupe');
  await page.getByRole('button', { name: 'Test connection' }).click();
  await expect(page.getByTestId('endpoint-test')).toContainText('Connected to the app me/loupe');
  await page.getByRole('button', { name: 'List detectors' }).click();
  const detector = page.getByRole('combobox', { name: 'Detector' });
  // Names and the concepts each detector answers, not hex ids.
  await expect(detector.locator('option', { hasText: /face/ }).first()).toBeAttached();
  const settings = await review.invoke('settings.get', {});
  expect(settings.delivery).toBe('platform');
  expect(settings.platform).toMatchObject({ userId: 'me', appId: 'loupe' });
  await page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name: 'Review' }).click();

  // Every sample: the six photos and the whole logo set.
  const reviewed = items.slice(0, 18);
  expect(reviewed).toHaveLength(18);
  const { predicted, photo1, moved, movedBy, rejected, logoToFix, rebranded } = await reviewSamplesByKeyboard(
    page,
    review,
    reviewed,
  );

  await expect
    .poll(async () => (await review.invoke('outbox.list', {})).items.map((item) => item.state), {
      timeout: 60_000,
    })
    .toEqual(Array(18).fill('delivered'));
  const outbox = (await review.invoke('outbox.list', {})).items;
  expect(outbox.every((item) => item.kind === 'platform_annotations')).toBe(true);
  // The Queue screen names the image, the kind and the app (issue 20: names instead of ids).
  await page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name: 'Queue' }).click();
  const firstRow = page.getByTestId('queue-table').locator('tbody tr').first();
  await expect(firstRow).toContainText('sample1.jpg');
  await expect(firstRow).toContainText('Review (platform annotations)');
  await expect(firstRow).toContainText('me/loupe');

  const held = heldByApp(opened.dataDir);
  // One input per image, processed.
  expect(held.inputs).toHaveLength(18);
  expect(new Set(held.inputs.map((input) => input.id)).size).toBe(18);
  expect(held.inputs.every((input) => input.statusCode === 30000)).toBe(true);
  const regionAnnotations = held.annotations.filter((annotation) => !annotation.inputLevel);
  expect(new Set(held.annotations.map((annotation) => annotation.id)).size).toBe(held.annotations.length);

  let expectedCount = 0;
  for (const image of reviewed) {
    const size = { width: image.width!, height: image.height! };
    const { state } = await review.review(image.id);
    const mine = regionAnnotations.filter(
      (annotation) => annotation.annotationInfo?.['output_id'] === state.outputId,
    );
    const inputIds = new Set(mine.map((annotation) => annotation.inputId));
    expect(inputIds.size, image.source).toBeLessThanOrEqual(1);
    const bySubject = new Map(
      mine.map((annotation) => [String(annotation.annotationInfo?.['region_id']), annotation]),
    );
    for (const region of predicted.get(image.id)!) {
      const annotation = bySubject.get(region.regionId!);
      expect(annotation, `${image.source}: region ${region.key}`).toBeDefined();
      const verdict =
        image.id === photo1.id && region.key === moved
          ? 'misplaced'
          : image.id === photo1.id && region.key === rejected
            ? 'false_positive'
            : 'accurate';
      expect(annotation!.annotationInfo).toMatchObject({
        source: 'loupe',
        verdict,
        output_id: state.outputId,
      });
      expect(annotation!.annotationInfo?.['session_id']).toBeTruthy();
      const wire = annotation!.data.regions![0]!;
      const box = wire.region_info.bounding_box;
      const expectedBox =
        verdict === 'misplaced'
          ? {
              ...region.box,
              left: region.box.left + movedBy / size.width,
              right: region.box.right + movedBy / size.width,
            }
          : region.box;
      expectWithinAPixel(
        { top: box.top_row, left: box.left_col, bottom: box.bottom_row, right: box.right_col },
        expectedBox,
        size,
      );
      const concepts = wire.data?.concepts ?? [];
      if (verdict === 'false_positive') expect(concepts.every((concept) => concept.value === 0)).toBe(true);
      else if (image.id === logoToFix.id && region.key === rebranded) {
        expect(concepts).toEqual(
          expect.arrayContaining([
            expect.objectContaining({ id: region.concepts[0]!.id, value: 0 }),
            expect.objectContaining({ id: 'acme-corrected', value: 1 }),
          ]),
        );
      } else
        // Kept as there: the model's label, at 1.
        expect(concepts, `${image.source}: region ${region.key}`).toEqual(
          expect.arrayContaining([expect.objectContaining({ id: region.concepts[0]!.id, value: 1 })]),
        );
      expectedCount += 1;
    }
    if (image.id === photo1.id) {
      const drawn = mine.filter((annotation) => annotation.annotationInfo?.['verdict'] === 'not_detected');
      expect(drawn).toHaveLength(1);
      const placed = state.regions.find((region) => region.source === 'reviewer')!;
      const box = drawn[0]!.data.regions![0]!.region_info.bounding_box;
      expectWithinAPixel(
        { top: box.top_row, left: box.left_col, bottom: box.bottom_row, right: box.right_col },
        placed.box,
        size,
      );
      expectedCount += 1;
    }
  }
  // Nothing else: exactly one annotation per reviewed region.
  expect(regionAnnotations).toHaveLength(expectedCount);
});
