import { expect, test, type Page } from '@playwright/test';
import { brandConceptId, logoBrands } from '../../electron/localApi/samples/logoBrands.ts';
import { logoModelId } from '../../electron/localApi/samples/logoSamples.ts';
import type { RegionRow } from '../../shared/regionTriage.ts';
import { startLoupe, type LoupeProcess } from '../support/loupeProcess.ts';
import { sampleImage, seedWorkspace, type SampleNumber, type SeedImage } from '../support/seedWorkspace.ts';
import { makeTempDir } from '../support/tempDir.ts';
import { saveDocsScreenshot } from './docsScreenshot.ts';
import { ReviewPage } from './pages/ReviewPage.ts';
import { TriagePage } from './pages/TriagePage.ts';
import { storedFeedback } from './sampleWorkspace.ts';

let loupe: LoupeProcess | undefined;
let cleanup: (() => void) | undefined;

test.afterEach(async () => {
  await loupe?.stop();
  loupe = undefined;
  cleanup?.();
});

const brands = logoBrands.slice(0, 5);
const columnsPerImage = 10;
const rowsPerImage = 9;

/**
 * Six sample photos, each with 90 predicted regions of the embedded API's logo model in a 10 × 9
 * grid over the photo (540 in all): brands in rotation, confidences spread over 0.05–0.95.
 */
function denseImages(): SeedImage[] {
  return ([1, 2, 3, 4, 5, 6] as SampleNumber[]).map((n) => ({
    file: sampleImage(n),
    modelId: logoModelId,
    regions: Array.from({ length: columnsPerImage * rowsPerImage }, (_, r) => {
      const column = r % columnsPerImage;
      const row = Math.floor(r / columnsPerImage);
      const left = (column + 0.1) / columnsPerImage;
      const top = (row + 0.1) / rowsPerImage;
      const brand = brands[(n * 7 + r) % brands.length]!;
      return {
        id: `img${n}-r${r}`,
        box: { left, top, right: left + 0.8 / columnsPerImage, bottom: top + 0.8 / rowsPerImage },
        concepts: [
          {
            id: brandConceptId(brand.name),
            name: brand.name,
            value: 0.05 + (((n * 90 + r) * 37) % 900) / 1000,
          },
        ],
      };
    }),
  }));
}

async function openDense(page: Page, images = denseImages()) {
  const temp = makeTempDir('loupe-triage-');
  cleanup = temp.cleanup;
  await seedWorkspace(temp.dir, images);
  loupe = await startLoupe({ dataDir: temp.dir });
  const review = new ReviewPage(page);
  const triage = new TriagePage(page);
  if (images.length > 0) await review.open(loupe.url);
  else {
    await page.goto(loupe.url);
    await expect(review.connection).toHaveAttribute('data-state', 'open');
  }
  return { review, triage, dataDir: temp.dir };
}

/** Every region in the grid's order (confidence, lowest first), as `regions.list` pages it. */
async function gridOrder(review: ReviewPage): Promise<RegionRow[]> {
  const rows: RegionRow[] = [];
  for (let offset = 0; ; offset += 500) {
    const page = await review.invoke('regions.list', {
      filter: {},
      sort: 'confidenceAsc',
      offset,
      limit: 500,
    });
    rows.push(...page.items);
    if (rows.length >= page.total) return rows;
  }
}

type Expected = { feedback: 'accurate' | 'false_positive'; concept?: string };

test('500 regions triaged by keyboard alone (accept, false positive, 1–9 relabel, Shift+arrow batches) arrive at the embedded API as judged', async ({
  page,
}) => {
  test.setTimeout(420_000);
  const { review, triage, dataDir } = await openDense(page);
  const order = await gridOrder(review);
  expect(order).toHaveLength(540);
  const vocabulary = await review.invoke('model.vocabulary', { modelId: logoModelId });
  const keyConcept = (n: number) => vocabulary.concepts[n - 1]!.id;

  await triage.openByKey();
  await expect(triage.progress).toHaveText('0 of 540 triaged');
  await expect(triage.sortOrder).toHaveText('Lowest confidence first');
  await expect(triage.crop(0)).toHaveAttribute('data-region', order[0]!.regionKey);
  const columns = Number(await triage.grid.getAttribute('data-columns'));
  expect(columns).toBeGreaterThan(1);

  // Gestures in turn: [extra crops taken with Shift+arrows, the verdict key].
  const gestures: { extend: string[]; key: string }[] = [
    { extend: [], key: 'a' },
    { extend: [], key: 'x' },
    { extend: [], key: '2' },
    { extend: Array<string>(4).fill('Shift+ArrowRight'), key: 'a' },
    { extend: Array<string>(2).fill('Shift+ArrowRight'), key: 'x' },
    { extend: ['Shift+ArrowDown'], key: '3' },
    { extend: Array<string>(9).fill('Shift+ArrowRight'), key: '1' },
    { extend: ['Shift+ArrowDown', 'Shift+ArrowRight'], key: 'a' },
  ];
  const size = (extend: readonly string[]) =>
    1 + extend.reduce((sum, key) => sum + (key === 'Shift+ArrowDown' ? columns : 1), 0);
  const expected = new Map<string, Expected>();
  let done = 0;
  let presses = 0;
  for (let turn = 0; done < 500; turn++) {
    const gesture = gestures[turn % gestures.length]!;
    // The last gesture is cut to what is left, so exactly 500 are judged.
    const extend =
      done + size(gesture.extend) > 500
        ? Array<string>(500 - done - 1).fill('Shift+ArrowRight')
        : gesture.extend;
    const count = size(extend);
    await triage.press(...extend, gesture.key);
    presses += extend.length + 1;
    for (const row of order.slice(done, done + count)) {
      const concept = row.concept ? brandConceptId(row.concept) : undefined;
      expected.set(
        row.regionId!,
        gesture.key === 'x'
          ? { feedback: 'false_positive' }
          : gesture.key === 'a'
            ? { feedback: 'accurate', concept }
            : { feedback: 'accurate', concept: keyConcept(Number(gesture.key)) },
      );
    }
    done += count;
    if (turn === 11) {
      // The docs' screenshot, a few gestures in: judged and unjudged crops side by side.
      await triage.settled();
      await triage.grid.evaluate((grid) => (grid.scrollTop = 0));
      await expect
        .poll(() =>
          page.evaluate(() =>
            [...document.querySelectorAll<HTMLImageElement>('.triage-crop img')].every(
              (image) => image.complete && image.naturalWidth > 0,
            ),
          ),
        )
        .toBe(true);
      await saveDocsScreenshot(page, 'triage.png');
    }
  }
  expect(expected.size).toBe(500);
  // The batches judge several crops a key press: fewer presses than regions.
  expect(presses).toBeLessThan(500);
  await triage.settled();
  await expect(triage.progress).toHaveText('500 of 540 triaged');

  // What the grid shows is what the reviews now say.
  const after = await gridOrder(review);
  for (const row of after) {
    const want = expected.get(row.regionId!);
    expect(row.verdict, row.regionId!).toBe(want ? want.feedback : 'unreviewed');
  }

  // Submit from the grid: one feedback request per review, delivered to the embedded local API.
  await triage.press('d');
  await expect(triage.notice).toHaveText('Submitted: 6 feedback request(s) queued.');
  await expect
    .poll(async () => (await review.invoke('outbox.list', {})).items.map((item) => item.state), {
      timeout: 120_000,
    })
    .toEqual(Array<string>(6).fill('delivered'));
  const arrived = new Map<string, Expected>();
  for (const body of storedFeedback(dataDir).values()) {
    for (const region of body.input.data?.regions ?? []) {
      const feedback = region.region_info?.feedback as Expected['feedback'];
      const truths = (region.data?.concepts ?? []).filter((concept) => concept.value === true);
      arrived.set(
        region.id!,
        feedback === 'false_positive'
          ? { feedback }
          : { feedback, concept: truths.map((c) => c.id).join(',') },
      );
    }
  }
  expect(arrived.size).toBe(500);
  expect(new Map([...arrived].sort())).toEqual(new Map([...expected].sort()));
});

test('Enter opens the focused crop on the review canvas with its region selected; Esc goes back', async ({
  page,
}) => {
  test.setTimeout(180_000);
  const { review, triage } = await openDense(page, denseImages().slice(0, 2));
  const order = await gridOrder(review);
  // The toolbar button opens the grid too.
  await page.getByRole('toolbar', { name: 'Review tools' }).getByRole('button', { name: 'Triage' }).click();
  await expect(triage.grid).toBeVisible();
  await expect(triage.grid).not.toHaveAttribute('data-total', '0');
  await triage.grid.focus();
  const columns = Number(await triage.grid.getAttribute('data-columns'));
  await triage.press('ArrowDown', 'ArrowRight', 'ArrowRight', 'ArrowLeft');
  await triage.settled();
  const target = order[columns + 1]!;
  await expect(triage.focused).toHaveAttribute('data-region', target.regionKey);
  await expect(triage.grid).toHaveAttribute('aria-activedescendant', `triage-crop-${columns + 1}`);

  await triage.press('Enter');
  await review.waitForImage(target.imageId);
  await expect(review.canvas).toHaveAttribute('data-selected', target.regionKey);
  await expect(review.selectedRegion).toBeVisible();

  // Back in the grid, Esc returns to the review screen.
  await review.press('Shift+T');
  await expect(triage.grid).toBeFocused();
  await triage.press('Escape');
  await expect(review.canvas).toBeVisible();
  await expect(triage.grid).toBeHidden();
});

test('the filters (concept, verdict, confidence band, model) and the order narrow and sort the grid; clicks select; Ctrl+Z undoes', async ({
  page,
}) => {
  test.setTimeout(240_000);
  const { review, triage } = await openDense(page, denseImages().slice(0, 2));
  const order = await gridOrder(review);
  await triage.openByKey();
  await expect(triage.grid).toHaveAttribute('data-total', String(order.length));

  // Shift+click takes a range, Ctrl+click adds and takes out one; X judges the four selected.
  await triage.crop(0).click();
  await triage.crop(3).click({ modifiers: ['Shift'] });
  await triage.crop(5).click({ modifiers: ['Control'] });
  await triage.crop(1).click({ modifiers: ['Control'] });
  await triage.settled();
  await expect(triage.grid.locator('[aria-selected="true"]')).toHaveCount(4);
  await triage.press('x');
  await triage.settled();
  await expect(triage.notice).toHaveText('Marked false positive: 4 regions.');
  for (const index of [0, 2, 3, 5])
    await expect(triage.crop(index)).toHaveAttribute('data-verdict', 'false_positive');
  await expect(triage.crop(1)).toHaveAttribute('data-verdict', 'unreviewed');
  await expect(triage.progress).toHaveText(`4 of ${order.length} triaged`);

  // The verdict filter shows those four; Ctrl+Z puts them back, and the filter then shows none.
  await triage.verdictFilter.selectOption('false_positive');
  await expect(triage.grid).toHaveAttribute('data-total', '4');
  // The progress counts over the other filters: still 4 of all.
  await expect(triage.progress).toHaveText(`4 of ${order.length} triaged`);
  await triage.grid.focus();
  await triage.press('Control+z');
  await triage.settled();
  await expect(triage.empty).toHaveText('No regions match these filters.');
  await triage.verdictFilter.selectOption('');
  await expect(triage.progress).toHaveText(`0 of ${order.length} triaged`);

  // Concept: only that brand's crops.
  const brand = brands[2]!.name;
  await triage.conceptFilter.selectOption(brand);
  const ofBrand = order.filter((row) => row.concept === brand).length;
  await expect(triage.grid).toHaveAttribute('data-total', String(ofBrand));
  await expect(triage.crop(0).getByTestId('crop-label')).toHaveText(brand);
  await triage.conceptFilter.selectOption('');

  // Confidence band, inclusive: 30–50 %.
  await triage.minConfidence.fill('30');
  await triage.maxConfidence.fill('50');
  const inBand = order.filter((row) => row.confidence! >= 0.3 && row.confidence! <= 0.5);
  await expect(triage.grid).toHaveAttribute('data-total', String(inBand.length));
  await expect(triage.crop(0)).toHaveAttribute('data-region', inBand[0]!.regionKey);
  // A band no region is in: the empty state.
  await triage.minConfidence.fill('99');
  await triage.maxConfidence.fill('100');
  await expect(triage.empty).toHaveText('No regions match these filters.');
  await triage.minConfidence.fill('');
  await triage.maxConfidence.fill('');
  await expect(triage.grid).toHaveAttribute('data-total', String(order.length));

  // Model: offered by its name, not its id.
  const { models } = await review.invoke('models.list', {});
  const name = models.find((model) => model.id === logoModelId)!.name;
  await expect(triage.modelFilter.locator('option')).toHaveText(['All models', name]);
  await triage.modelFilter.selectOption({ label: name });
  await expect(triage.grid).toHaveAttribute('data-total', String(order.length));

  // S flips the order: the most confident crop first.
  await triage.grid.focus();
  await triage.press('s');
  await expect(triage.sortOrder).toHaveText('Highest confidence first');
  const highest = [...order].sort((a, b) => b.confidence! - a.confidence!)[0]!;
  await expect(triage.crop(0)).toHaveAttribute('data-region', highest.regionKey);
});

test('with no predictions the grid says so', async ({ page }) => {
  const { triage } = await openDense(page, []);
  await page.keyboard.press('Shift+T');
  await expect(triage.empty).toHaveText(
    'No predictions yet: predict or import some, and their regions show here.',
  );
});
