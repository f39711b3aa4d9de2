import { expect, test } from '@playwright/test';
import type { ModelFeedbackRequest } from '../../shared/clarifai/feedback.ts';
import type { Box } from '../../shared/geometry.ts';
import type { ReviewedRegion } from '../../shared/review.ts';
import { openSampleWorkspace, storedFeedback, type SampleWorkspace } from './sampleWorkspace.ts';

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

/** The two boxes are the same to within one pixel of the image on every side. */
function expectWithinAPixel(actual: Box, expected: Box, size: { width: number; height: number }) {
  expect(Math.abs(actual.left - expected.left) * size.width).toBeLessThanOrEqual(1);
  expect(Math.abs(actual.right - expected.right) * size.width).toBeLessThanOrEqual(1);
  expect(Math.abs(actual.top - expected.top) * size.height).toBeLessThanOrEqual(1);
  expect(Math.abs(actual.bottom - expected.bottom) * size.height).toBeLessThanOrEqual(1);
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
  const photo1 = reviewed[0]!;
  await review.waitForImage(photo1.id);
  const predicted = new Map<number, ReviewedRegion[]>();
  for (const image of reviewed) predicted.set(image.id, (await review.review(image.id)).state.regions);
  const selected = async () => {
    await review.settled();
    return (await review.selectedKey())!;
  };

  // Photo 1 (three faces): accept one, move the next 30 px right, reject the third, draw a miss.
  await review.press('Tab');
  const accepted = await selected();
  await review.press('a');
  const moved = await selected();
  expect(moved).not.toBe(accepted);
  await review.press('Shift+ArrowRight', 'Shift+ArrowRight', 'Shift+ArrowRight', 'Tab');
  const rejected = await selected();
  expect([accepted, moved]).not.toContain(rejected);
  await review.press('x', 'n', 'Enter');
  await expect(review.selectedRegion).toHaveAttribute('data-look', 'not_detected');
  await review.press('Escape', 'd');
  // Photos 2–6: every face is right.
  for (const image of reviewed.slice(1, 6)) {
    await review.waitForImage(image.id);
    await review.press('Shift+A', 'd');
  }
  // Logos: accepted as predicted, except that on the first with regions the first region's
  // brand is wrong and a brand is missing.
  const logoToFix = reviewed.slice(6).find((image) => predicted.get(image.id)!.length > 0)!;
  let rebranded = '';
  for (const image of reviewed.slice(6)) {
    await review.waitForImage(image.id);
    if (image.id === logoToFix.id) {
      await review.press('Tab');
      rebranded = await selected();
      await review.press('f', '+');
      await expect(review.addConcept).toBeFocused();
      await page.keyboard.type('acme-corrected');
      await review.press('Enter');
      await expect(review.canvas).toBeFocused();
    }
    await review.press('Shift+A', 'd');
  }
  await review.waitForImage(items[11]!.id);

  // Submitted as it went; the sync delivers to the embedded API by itself.
  await expect
    .poll(async () => (await review.invoke('outbox.list', {})).items.map((item) => item.state), {
      timeout: 60_000,
    })
    .toEqual(Array(11).fill('delivered'));
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
              left: region.box.left + 30 / size.width,
              right: region.box.right + 30 / size.width,
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
