import { expect, test } from '@playwright/test';
import { startLoupe, type LoupeProcess } from '../support/loupeProcess.ts';
import { faceSamples, seedWorkspace } from '../support/seedWorkspace.ts';
import { makeTempDir } from '../support/tempDir.ts';
import { ReviewPage } from './pages/ReviewPage.ts';

let loupe: LoupeProcess | undefined;
let cleanup: (() => void) | undefined;

test.afterEach(async () => {
  await loupe?.stop();
  cleanup?.();
});

// Issue 20, missing 5 (a reviewer name at first run) and 10 (auto-advance as a setting, session progress).
test('first run asks who reviews; Done advances unless turned off; the session shows its progress and pace', async ({
  page,
}) => {
  const temp = makeTempDir('loupe-session-');
  cleanup = temp.cleanup;
  const images = await seedWorkspace(temp.dir, faceSamples());
  const [first, second] = images.map((image) => image.imageId) as [number, number];
  loupe = await startLoupe({ dataDir: temp.dir });
  const review = new ReviewPage(page);
  await review.open(loupe.url);
  const screens = page.getByRole('navigation', { name: 'Screens' });

  const prompt = page.getByTestId('reviewer-prompt');
  await expect(prompt).toBeVisible();
  await prompt.getByPlaceholder('Your name').fill('Ada Lovelace');
  await prompt.getByRole('button', { name: 'Save name' }).click();
  await expect(prompt).toHaveCount(0);
  expect((await review.invoke('settings.get', {})).reviewerId).toBe('Ada Lovelace');

  const bar = page.getByTestId('session-progress').locator('progress');
  const pace = page.getByTestId('session-pace');
  await expect(bar).toHaveAttribute('max', '3');
  await expect(bar).toHaveAttribute('value', '0');
  await expect(pace).toHaveText('0 done this session');

  await review.waitForImage(first);
  await review.canvas.focus();
  await review.press('Shift+A', 'd');
  await review.waitForImage(second);
  await expect(bar).toHaveAttribute('value', '1');
  await expect(pace).toHaveText(/^1 done this session · [\d,]+\/h · about (\d+ h )?(\d+ min|under a minute)/);

  // Auto-advance off: Done submits and stays.
  await screens.getByRole('button', { name: 'Settings' }).click();
  // The box follows the saved setting (it changes once the main side has it).
  const autoAdvance = page.getByLabel('After Done, open the next image to review');
  await autoAdvance.click();
  await expect(autoAdvance).not.toBeChecked();
  await expect.poll(async () => (await review.invoke('settings.get', {})).autoAdvance).toBe(false);
  await screens.getByRole('button', { name: 'Review' }).click();
  await review.waitForImage(second);
  await review.canvas.focus();
  await review.press('Shift+A', 'd');
  await expect(review.notice).toHaveText('Done. Auto-advance is off (Settings): J opens the next image.');
  await expect(bar).toHaveAttribute('value', '2');
  await expect(review.canvas).toHaveAttribute('data-image-id', String(second));

  // The session survives a reload of the window; the report names the reviewer.
  await review.reload();
  await expect(pace).toHaveText(/^2 done this session · /);
  await screens.getByRole('button', { name: 'Report' }).click();
  await expect(page.getByRole('table', { name: 'By reviewer' })).toContainText('Ada Lovelace');
  await expect(page.getByRole('table', { name: 'By reviewer' })).not.toContainText('(unknown)');
});
