import { expect, type Page } from '@playwright/test';
import { mkdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import sharp from 'sharp';

/** Writes a docs screenshot as a small palette PNG (as the review screenshot is). */
export async function saveDocsScreenshot(page: Page, name: string, width = 1100): Promise<void> {
  const file = join(import.meta.dirname, '..', '..', 'docs', 'screenshots', name);
  mkdirSync(dirname(file), { recursive: true });
  await sharp(await page.screenshot())
    .resize({ width })
    .png({ palette: true, quality: 85, compressionLevel: 9 })
    .toFile(file);
  expect(statSync(file).size).toBeLessThan(300 * 1024);
}
