import { expect, test } from '@playwright/test';
import { brandConceptId, logoBrands } from '../../electron/localApi/samples/logoBrands.ts';
import { openSampleWorkspace, storedFeedback, type SampleWorkspace } from './sampleWorkspace.ts';

let opened: SampleWorkspace | undefined;
test.afterEach(async () => {
  await opened?.close();
  opened = undefined;
});

/** The feedback bodies the embedded local API stored, by output id. */
test('a label-only correction on a sample logo is reviewed, named in the pre-flight and sent under the model ids', async ({
  page,
}) => {
  test.setTimeout(180_000);
  opened = await openSampleWorkspace(page, 'relabel');
  const { review, items } = opened;
  // A logo image with at least two predicted regions, so the others stay unreviewed.
  const logos = items.filter((image) => /logo-\d+\.jpg$/.test(image.source));
  let chosen: { id: number; regions: number } | undefined;
  for (const image of logos) {
    const { state } = await review.review(image.id);
    if (state.regions.length >= 2 && state.regions.every((region) => region.concepts.length > 0)) {
      chosen = { id: image.id, regions: state.regions.length };
      break;
    }
  }
  expect(chosen, 'a logo image with two regions').toBeDefined();
  const { id: imageId, regions } = chosen!;

  await review.imageRow(imageId).click();
  await review.waitForImage(imageId);
  await review.press('Enter');
  await expect(review.canvas).toBeFocused();

  await review.press('Tab');
  await review.settled();
  const key = (await review.selectedKey())!;
  const selected = (await review.review(imageId)).state.regions.find((region) => region.key === key)!;
  const wrong = selected.concepts[0]!;
  const right = logoBrands.find((brand) => brandConceptId(brand.name) !== wrong.id)!;
  // The model's vocabulary has arrived: the add-concept field completes all its brands.
  await expect(page.locator(`#concept-catalog option[value="${right.name}"]`)).toBeAttached();
  await expect(review.selectedRegion).toHaveAttribute('data-look', 'unreviewed');
  // The brand is wrong; the right one is typed in lower case.
  await review.press('f', '+');
  await expect(review.addConcept).toBeFocused();
  await page.keyboard.type(right.name.toLowerCase());
  await review.press('Enter');
  await expect(review.canvas).toBeFocused();
  await review.settled();

  // Reviewed in the list: the region's look, the counts.
  await expect(review.selectedRegion).toHaveAttribute('data-look', 'accurate');
  await expect(review.conceptRow(review.regionConcepts, right.name)).toHaveAttribute(
    'data-judgement',
    'true',
  );
  await expect(page.locator('[data-count="accurate"]')).toHaveText('1');
  await expect(page.locator('[data-count="unreviewed"]')).toHaveText(String(regions - 1));

  // The canvas label says the true brand: on the selected region, then painted with the others.
  await expect(review.canvas).toHaveAttribute('data-selected-label', right.name);
  await review.press('Escape');
  const painted = review.canvas.locator('[data-painted-labels]');
  await expect
    .poll(async () => ((await painted.getAttribute('data-painted-labels')) ?? '').split('\n'))
    .toContain(right.name);
  expect(await painted.getAttribute('data-painted-labels')).not.toContain(`✗ ${wrong.name}`);

  // The batch pre-flight counts and names it.
  const predictionId = (await review.invoke('image.get', { imageId })).predictions[0]!.predictionId;
  const preflight = await review.invoke('review.preflight', { predictionIds: [predictionId] });
  expect(preflight.regions.accurate).toBe(1);
  expect(preflight.unreviewed).toBe(regions - 1);
  expect(preflight.labelOnly).toEqual([
    { predictionId, region: key, label: `${right.name} (not ${wrong.name})` },
  ]);

  // The submit step says the others are unreviewed and names the relabelled one.
  await review.press('d');
  await expect(review.dialog.getByTestId('submit-unreviewed')).toHaveText(
    `${regions - 1 === 1 ? '1 region is' : `${regions - 1} regions are`} not reviewed yet.`,
  );
  await expect(review.dialog.getByTestId('submit-relabelled')).toContainText(
    `${right.name} (not ${wrong.name})`,
  );
  // Send only the reviewed regions: the relabelled one is among them.
  await review.press('s');
  await expect(review.dialog).toBeHidden();

  await expect
    .poll(async () => (await review.invoke('outbox.list', {})).items.map((item) => item.state), {
      timeout: 60_000,
    })
    .toEqual(['delivered']);
  const { state } = await review.review(imageId);
  const body = storedFeedback(opened.dataDir).get(state.outputId)!;
  expect(body).toBeDefined();
  const sent = body.input.data?.regions ?? [];
  expect(sent.map((region) => [region.id, region.region_info.feedback])).toEqual([
    [selected.regionId, 'accurate'],
  ]);
  expect(sent[0]?.data?.concepts).toEqual([
    { id: wrong.id, value: false },
    { id: brandConceptId(right.name), value: true },
  ]);
});

test('1–9 relabel, replace label and remove concept are one undo step each, across a reload; a drawn region never carries a label judged false', async ({
  page,
}) => {
  test.setTimeout(180_000);
  opened = await openSampleWorkspace(page, 'relabel-keys');
  const { review, items } = opened;
  let imageId = 0;
  for (const image of items.filter((item) => /logo-\d+\.jpg$/.test(item.source))) {
    const { state } = await review.review(image.id);
    if (state.regions.length >= 2 && state.regions.every((region) => region.concepts.length > 0)) {
      imageId = image.id;
      break;
    }
  }
  expect(imageId).toBeGreaterThan(0);
  await review.imageRow(imageId).click();
  await review.waitForImage(imageId);
  await review.press('Enter');
  await expect(review.canvas).toBeFocused();

  const judgements = async (key: string) => {
    await review.settled();
    const region = (await review.review(imageId)).state.regions.find((r) => r.key === key);
    return Object.fromEntries((region?.concepts ?? []).map((concept) => [concept.id, concept.judgement]));
  };
  await review.press('Tab');
  await review.settled();
  const key = (await review.selectedKey())!;
  const original = await judgements(key);
  const [predictedId] = Object.keys(original) as [string];

  // The label keys list the model's frequent concepts; pick one that is not the region's.
  const labelKeys = page.getByTestId('label-keys').locator('[data-label-key]');
  await expect.poll(() => labelKeys.count()).toBeGreaterThanOrEqual(3);
  const keyed = await labelKeys.evaluateAll((items) =>
    items.map((item) => ({
      n: item.getAttribute('data-label-key')!,
      id: item.getAttribute('data-concept-id')!,
    })),
  );
  const pick = keyed.find((entry) => entry.id !== predictedId)!;
  const pickName = (await labelKeys.nth(Number(pick.n) - 1).textContent())!.replace(/^\S+\s*/, '').trim();

  // 1–9: the keyed concept becomes the true label, the model's label goes false.
  await review.press(pick.n);
  expect(await judgements(key)).toEqual({ [predictedId]: 'false', [pick.id]: 'true' });
  await expect(review.canvas).toHaveAttribute('data-selected-label', pickName);
  await review.press('Control+z');
  expect(await judgements(key)).toEqual(original);
  await review.press('Control+Shift+z');
  expect(await judgements(key)).toEqual({ [predictedId]: 'false', [pick.id]: 'true' });

  // Replace label: type-ahead over the vocabulary; the label it replaces was the reviewer's, so it goes.
  const replacement = logoBrands.find(
    (brand) => ![predictedId, pick.id].includes(brandConceptId(brand.name)),
  )!;
  const replacementId = brandConceptId(replacement.name);
  await review.press('e');
  await expect(review.dialog.getByRole('heading', { name: 'Replace label' })).toBeVisible();
  await page.keyboard.type(replacement.name.slice(0, 4).toLowerCase());
  await expect(review.dialog.getByRole('option', { selected: true })).toHaveText(replacement.name);
  await review.press('Enter');
  await expect(review.dialog).toBeHidden();
  await expect(review.canvas).toBeFocused();
  expect(await judgements(key)).toEqual({ [predictedId]: 'false', [replacementId]: 'true' });
  await expect(review.canvas).toHaveAttribute('data-selected-label', replacement.name);

  // Remove the focused concept (the new label): the reviewer added it, so it leaves the list.
  await review.press('Delete');
  expect(await judgements(key)).toEqual({ [predictedId]: 'false' });
  await expect(review.canvas).toHaveAttribute('data-selected-label', new RegExp(`^✗ `));

  // Across a reload each is one undo step.
  await review.reload();
  await review.waitForImage(imageId);
  expect(await judgements(key)).toEqual({ [predictedId]: 'false' });
  await review.press('Control+z');
  expect(await judgements(key)).toEqual({ [predictedId]: 'false', [replacementId]: 'true' });
  await review.press('Control+z');
  expect(await judgements(key)).toEqual({ [predictedId]: 'false', [pick.id]: 'true' });
  await review.press('Control+z');
  expect(await judgements(key)).toEqual(original);

  // A drawn region takes the label last set true — and never one judged false.
  const drawn = async () => {
    await review.settled();
    return (await review.review(imageId)).state.regions.filter((region) => region.source === 'reviewer');
  };
  await review.press('Tab');
  await review.settled();
  const second = (await review.selectedKey())!;
  const secondLabel = Object.keys(await judgements(second))[0]!;
  await review.press('t', 'n', 'Enter');
  await expect(review.selectedRegion).toHaveAttribute('data-look', 'not_detected');
  let drawnRegions = await drawn();
  expect(drawnRegions).toHaveLength(1);
  expect(drawnRegions[0]!.concepts.map((concept) => [concept.id, concept.judgement])).toEqual([
    [secondLabel, 'true'],
  ]);
  // Judged false on the drawn region, then removed (an inherited concept can be): the next
  // drawn region starts with no label.
  await review.press('f');
  expect((await drawn())[0]!.concepts.map((concept) => concept.judgement)).toEqual(['false']);
  await review.press('Delete');
  expect((await drawn())[0]!.concepts).toEqual([]);
  await review.press('Escape', 'n', 'Enter');
  drawnRegions = await drawn();
  expect(drawnRegions).toHaveLength(2);
  expect(drawnRegions[1]!.concepts).toEqual([]);
});
