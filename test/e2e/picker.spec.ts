import { expect, test, type Page } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startLoupe } from '../support/loupeProcess.ts';
import { sampleImage } from '../support/seedWorkspace.ts';
import { makeTempDir } from '../support/tempDir.ts';
import { saveDocsScreenshot } from './docsScreenshot.ts';
import { PathPickerPage } from './pages/PathPickerPage.ts';

// Issue 20, missing 6: import and export without typing absolute paths. The bridge build's picker
// lists folders served by the main side; dropping files on the page uploads them.

const cleanups: (() => unknown)[] = [];
test.afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function tempDir(prefix: string): string {
  const temp = makeTempDir(prefix);
  cleanups.push(temp.cleanup);
  return temp.dir;
}

const nav = (page: Page, name: string) =>
  page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name });

test('browse to a folder of images, import some, then the folder; export through the picker', async ({
  page,
}) => {
  const dataDir = tempDir('loupe-e2e-picker-data-');
  const disk = tempDir('loupe-e2e-picker-disk-');
  const photos = join(disk, 'photos');
  mkdirSync(join(photos, 'more'), { recursive: true });
  copyFileSync(sampleImage(1), join(photos, 'sample1.jpg'));
  copyFileSync(sampleImage(2), join(photos, 'sample2.jpg'));
  copyFileSync(sampleImage(3), join(photos, 'sample3.jpg'));
  execFileSync('mkfifo', [join(photos, 'pipe.jpg')]);
  const app = await startLoupe({ dataDir });
  cleanups.push(() => app.stop());
  const picker = new PathPickerPage(page);

  await page.goto(app.url);
  await expect(page.getByTestId('connection-state')).toHaveAttribute('data-state', 'open');
  await nav(page, 'Import').click();
  await picker.open('images');
  await picker.goTo(photos);
  await expect
    .poll(() => picker.names())
    .toEqual(['more/', 'sample1.jpg', 'sample2.jpg', 'sample3.jpg', 'pipe.jpg (not a regular file)']);
  await expect(picker.path).toHaveValue(photos);

  // A FIFO typed as a folder is refused with what it is; the listing shown stays.
  await picker.goTo(join(photos, 'pipe.jpg'));
  await expect(picker.error).toHaveText(`${join(photos, 'pipe.jpg')} is a FIFO (named pipe), not a folder`);
  await expect(picker.entries.getByText('sample1.jpg')).toBeVisible();

  await picker.entries.getByLabel('sample1.jpg').check();
  await picker.entries.getByLabel('sample2.jpg').check();
  await picker.choose('Choose 2 files');
  const paths = page.getByLabel(/Files or folders/);
  await expect(paths).toHaveValue(`${join(photos, 'sample1.jpg')}\n${join(photos, 'sample2.jpg')}`);
  await page.getByRole('button', { name: 'Import images' }).click();
  await expect(page.getByTestId('import-result')).toContainText('Imported 2 image(s); 0 were already');

  // The folder is now a recent one: the picker opens there, and the whole folder can be chosen.
  await paths.fill('');
  await picker.open('images');
  await expect(picker.path).toHaveValue(photos);
  await expect(picker.recent.getByRole('button', { name: 'photos' })).toBeVisible();
  await picker.choose('Choose this folder');
  await expect(paths).toHaveValue(photos);
  await page.getByRole('button', { name: 'Import images' }).click();
  await expect(page.getByTestId('import-result')).toContainText('Imported 1 image(s); 2 were already');
  // The FIFO in the folder was passed over, not read (reading it would never end).

  // Export: the picker names a new file in a folder of the person's choosing.
  const out = join(disk, 'out');
  mkdirSync(out);
  await nav(page, 'Report').click();
  await picker.open('the export file');
  await picker.goTo(out);
  await expect(picker.dialog.getByLabel('File name')).toHaveValue('loupe-coco.json');
  await picker.dialog.getByLabel('File name').fill('labels.json');
  await picker.choose('Save here');
  await expect(page.getByLabel(/^File \(absolute path/)).toHaveValue(join(out, 'labels.json'));
  await page.getByRole('button', { name: 'Export', exact: true }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Wrote' })).toContainText(join(out, 'labels.json'));
  expect(existsSync(join(out, 'labels.json'))).toBe(true);
});

test('files dropped on the page are uploaded to the main side and imported', async ({ page }) => {
  const dataDir = tempDir('loupe-e2e-drop-data-');
  const app = await startLoupe({ dataDir });
  cleanups.push(() => app.stop());
  await page.goto(app.url);
  await expect(page.getByTestId('connection-state')).toHaveAttribute('data-state', 'open');
  await nav(page, 'Import').click();

  // What a browser hands the page for files dragged from the desktop: bytes and names, no paths.
  const files = [
    { name: 'dropped-4.jpg', bytes: readFileSync(sampleImage(4)).toString('base64') },
    { name: 'dropped-5.jpg', bytes: readFileSync(sampleImage(5)).toString('base64') },
    { name: 'notes.txt', bytes: Buffer.from('not an image').toString('base64') },
  ];
  const transfer = await page.evaluateHandle((list) => {
    const data = new DataTransfer();
    for (const file of list) {
      const bytes = Uint8Array.from(atob(file.bytes), (char) => char.charCodeAt(0));
      data.items.add(new File([bytes], file.name, { type: 'image/jpeg' }));
    }
    return data;
  }, files);
  await page.dispatchEvent('main', 'dragover', { dataTransfer: transfer });
  await page.dispatchEvent('main', 'drop', { dataTransfer: transfer });

  await expect(page.getByTestId('app-notice')).toHaveText(
    'Dropped files: imported 2 image(s); 0 were already in the workspace.',
  );
  // The file that is not an image is refused by name, the others are kept under the data folder.
  await expect(page.getByTestId('error-banner')).toContainText('notes.txt: not an image Loupe imports');
  const day = readdirSync(join(dataDir, 'uploads'));
  expect(readdirSync(join(dataDir, 'uploads', day[0]!)).sort()).toEqual(['dropped-4.jpg', 'dropped-5.jpg']);

  // The status line goes away by itself; the images are in the review list.
  await expect(page.getByTestId('app-notice')).toBeHidden({ timeout: 20_000 });
  await nav(page, 'Review').click();
  await expect(page.getByRole('listbox').getByText('dropped-4.jpg')).toBeVisible();
});

test('screenshot of the picker for the docs', async ({ page }) => {
  const dataDir = tempDir('loupe-e2e-picker-shot-');
  const disk = tempDir('loupe-e2e-picker-shot-disk-');
  const photos = join(disk, 'logo-qa', 'batch-07');
  mkdirSync(join(photos, 'rejected'), { recursive: true });
  mkdirSync(join(disk, 'faces'), { recursive: true });
  for (const n of [1, 2, 3, 4, 5, 6] as const) copyFileSync(sampleImage(n), join(photos, `shelf-${n}.jpg`));
  const app = await startLoupe({ dataDir });
  cleanups.push(() => app.stop());
  const picker = new PathPickerPage(page);
  await page.setViewportSize({ width: 1100, height: 720 });
  await page.goto(app.url);
  await expect(page.getByTestId('connection-state')).toHaveAttribute('data-state', 'open');
  await nav(page, 'Import').click();
  // Two recent folders, as after a few days of work.
  await picker.open('images');
  await picker.goTo(join(disk, 'faces'));
  await picker.choose('Choose this folder');
  await picker.open('images');
  await picker.goTo(photos);
  await picker.choose('Choose this folder');
  await picker.open('images');
  await expect(picker.path).toHaveValue(photos);
  await picker.entries.getByLabel('shelf-2.jpg').check();
  await picker.entries.getByLabel('shelf-5.jpg').check();
  await saveDocsScreenshot(page, 'picker.png');
});
