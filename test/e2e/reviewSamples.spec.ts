import { expect, test } from '@playwright/test';
import type { ModelFeedbackRequest } from '../../shared/clarifai/feedback.ts';
import type { Box } from '../../shared/geometry.ts';
import {
  openSampleWorkspace,
  expectWithinAPixel,
  reviewSamplesByKeyboard,
  storedFeedback,
  type SampleWorkspace,
} from './sampleWorkspace.ts';

let opened: SampleWorkspace | undefined;
test.afterEach(async () => {
  await opened?.close();
  opened = undefined;
});

type WireRegion = NonNullable<NonNullable<ModelFeedbackRequest['input']['data']>['regions']>[number];

/** What the embedded local API stored, by output id: the bodies exactly as they arrived. */
function wireBox(region: WireRegion): Box {
  const box = region.region_info.bounding_box;
  return { top: box.top_row, left: box.left_col, bottom: box.bottom_row, right: box.right_col };
}

test('a keyboard-only review of the six sample photos and five logo images arrives at the embedded API exactly as reviewed', async ({
  page,
}) => {
  test.setTimeout(180_000);
  opened = await openSampleWorkspace(page, 'samples');
  const { review, items } = opened;
  const names = items.map((image) => image.source.split(/[\\/]/).pop());
  expect(names.slice(0, 11)).toEqual([
    ...[1, 2, 3, 4, 5, 6].map((n) => `sample${n}.jpg`),
    ...['01', '02', '03', '04', '05'].map((n) => `logo-${n}.jpg`),
  ]);
  const reviewed = items.slice(0, 11);
  const { predicted, photo1, moved, movedBy, rejected, logoToFix, rebranded } = await reviewSamplesByKeyboard(
    page,
    review,
    reviewed,
  );
  await review.waitForImage(items[11]!.id);

  // Submitted as it went; the sync delivers to the embedded API by itself.
  await expect
    .poll(async () => (await review.invoke('outbox.list', {})).items.map((item) => item.state), {
      timeout: 60_000,
    })
    .toEqual(Array(11).fill('delivered'));
  // The Queue screen names the image, the kind and the model (not ids).
  await page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name: 'Queue' }).click();
  const firstRow = page.getByTestId('queue-table').locator('tbody tr').first();
  await expect(firstRow).toContainText('sample1.jpg');
  await expect(firstRow).toContainText('Review (v2 feedback)');
  await expect(firstRow).toContainText('Face detection');
  const bodies = storedFeedback(opened.dataDir);
  expect(bodies.size).toBe(11);

  for (const image of reviewed) {
    const size = { width: image.width!, height: image.height! };
    const { state } = await review.review(image.id);
    const body = bodies.get(state.outputId)!;
    expect(body, `feedback for ${image.source}`).toBeDefined();
    expect(body.input.id).toBe(state.inputId);
    expect(body.input.feedback_info).toMatchObject({ event_type: 'annotation', output_id: state.outputId });
    const regions = body.input.data?.regions ?? [];
    const byId = new Map(regions.filter((region) => region.id).map((region) => [region.id!, region]));
    const original = predicted.get(image.id)!;

    for (const region of original) {
      const sent = byId.get(region.regionId!);
      expect(sent, `${image.source}: region ${region.key}`).toBeDefined();
      const verdict =
        region.key === moved && image.id === photo1.id
          ? 'misplaced'
          : region.key === rejected && image.id === photo1.id
            ? 'false_positive'
            : 'accurate';
      expect(sent!.region_info?.feedback, `${image.source}: region ${region.key}`).toBe(verdict);
      const expectedBox =
        verdict === 'misplaced'
          ? {
              ...region.box,
              left: region.box.left + movedBy / size.width,
              right: region.box.right + movedBy / size.width,
            }
          : region.box;
      expectWithinAPixel(wireBox(sent!), expectedBox, size);
    }

    if (image.id === photo1.id) {
      // The drawn face: the one region without a model id, not detected, where it was placed.
      const drawn = regions.filter((region) => !region.id);
      expect(drawn.map((region) => region.region_info?.feedback)).toEqual(['not_detected']);
      const placed = state.regions.find((region) => region.source === 'reviewer')!;
      expectWithinAPixel(wireBox(drawn[0]!), placed.box, size);
      expect(regions).toHaveLength(original.length + 1);
    } else {
      expect(regions).toHaveLength(original.length);
    }

    if (image.id === logoToFix.id) {
      const fixed = original.find((region) => region.key === rebranded)!;
      const brand = fixed.concepts[0]!;
      const concepts = byId.get(fixed.regionId!)!.data?.concepts;
      // A concept the model did not return goes by the id the reviewer typed.
      expect(concepts).toEqual([
        { id: brand.id, value: false },
        { id: 'acme-corrected', value: true },
      ]);
    }
  }
});
