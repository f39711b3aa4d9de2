import { expect, test, type Page } from '@playwright/test';
import { startLoupe, type LoupeProcess } from '../support/loupeProcess.ts';
import { faceSamples, seedWorkspace } from '../support/seedWorkspace.ts';
import { makeTempDir } from '../support/tempDir.ts';
import { saveDocsScreenshot } from './docsScreenshot.ts';
import { ReviewPage } from './pages/ReviewPage.ts';

let loupe: LoupeProcess | undefined;
let cleanup: (() => void) | undefined;

test.afterEach(async () => {
  await loupe?.stop();
  cleanup?.();
});

async function openSeeded(page: Page): Promise<ReviewPage> {
  const temp = makeTempDir('loupe-cheat-sheet-');
  cleanup = temp.cleanup;
  await seedWorkspace(temp.dir, faceSamples());
  loupe = await startLoupe({ dataDir: temp.dir });
  const review = new ReviewPage(page);
  await review.open(loupe.url);
  return review;
}

// Issue 20, missing 7, and issue 16's actions as data: one record feeds the keys, the toolbar and the sheet.
test('the cheat sheet is grouped by task, searchable, printable and closes; toolbar buttons show remapped keys', async ({
  page,
}) => {
  await page.addInitScript(() => {
    window.print = () => document.body.setAttribute('data-printed', 'true');
  });
  const review = await openSeeded(page);
  const acceptAll = page
    .getByRole('toolbar', { name: 'Review tools' })
    .getByRole('button', { name: 'Accept all' });
  await expect(acceptAll).toHaveAttribute(
    'title',
    'Accept all remaining regions above the threshold (Shift + A)',
  );
  const undo = page.getByRole('toolbar', { name: 'Review tools' }).getByRole('button', { name: 'Undo' });
  await expect(undo).toBeDisabled();

  await review.press('?');
  const sheet = review.dialog;
  await expect(sheet.locator('caption')).toHaveText([
    'Move between images',
    'Choose a region',
    'Judge a region',
    'Move and resize the box',
    'Concepts and labels',
    'What is shown',
    'Zoom and pan',
    'Undo',
    'In the image list',
    'In the submit step',
    'In the triage grid',
    'Help',
  ]);
  // The keys sit in one column at the same place in every group.
  const lefts = await sheet
    .locator('.shortcut-keys')
    .evaluateAll((cells) => new Set(cells.map((cell) => Math.round(cell.getBoundingClientRect().left))).size);
  expect(lefts).toBe(1);

  const search = sheet.getByLabel('Search shortcuts');
  await expect(search).toBeFocused();
  await search.fill('edge');
  await expect(sheet.locator('caption')).toHaveText(['Move and resize the box']);
  await expect(sheet.locator('tr[data-action]')).toHaveCount(16);
  await search.fill('shift+a');
  await expect(sheet.locator('tr[data-action]')).toHaveText([/Accept all remaining regions/]);
  await search.fill('no such key');
  await expect(sheet.getByText('No shortcut matches “no such key”.')).toBeVisible();
  await search.fill('');

  // Printing shows the tables only: no search, no Change buttons.
  await sheet.getByRole('button', { name: 'Print' }).click();
  await expect(page.locator('body')).toHaveAttribute('data-printed', 'true');
  await page.emulateMedia({ media: 'print' });
  await expect(search).toBeHidden();
  await expect(sheet.getByRole('button', { name: /^Change keys for/ }).first()).toBeHidden();
  await expect(sheet.locator('caption').first()).toBeVisible();
  await page.emulateMedia({ media: 'screen' });

  // A remap shows on the toolbar button's tooltip and works from the keyboard.
  await review.remap('Accept all remaining regions above the threshold', 'Shift+Y');
  await expect(page.getByTestId('keys-region.acceptAll')).toHaveText('Shift + Y');
  await sheet.getByRole('button', { name: 'Close' }).click();
  await expect(review.dialog).toHaveCount(0);
  await expect(acceptAll).toHaveAttribute(
    'title',
    'Accept all remaining regions above the threshold (Shift + Y)',
  );
  await expect(acceptAll).toHaveAttribute('aria-keyshortcuts', 'Shift+Y');
  await review.press('Shift+Y');
  await review.settled();
  await expect(undo).toBeEnabled();
  const state = (await review.review(Number(await review.canvas.getAttribute('data-image-id')))).state;
  expect(state.regions.filter((region) => region.confirmed).length).toBeGreaterThan(0);
});

test('screenshot of the cheat sheet for the docs', async ({ page }) => {
  await page.setViewportSize({ width: 1360, height: 820 });
  const review = await openSeeded(page);
  await review.press('?');
  await review.dialog.getByLabel('Search shortcuts').fill('region');
  await expect(review.dialog.locator('caption').first()).toHaveText('Choose a region');
  await saveDocsScreenshot(page, 'cheat-sheet.png');
});
