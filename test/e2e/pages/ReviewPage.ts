import { expect, type Locator, type Page } from '@playwright/test';
import type { CommandInput, CommandName, CommandOutput, LoupeApi } from '../../../shared/contract.ts';
import type { Box } from '../../../shared/geometry.ts';

/** Page object for the review screen: the canvas, the inspector, the image list and dialogs. */
export class ReviewPage {
  readonly canvas: Locator;
  readonly notice: Locator;
  readonly saving: Locator;
  readonly progress: Locator;
  readonly selectedRegion: Locator;
  readonly imageConcepts: Locator;
  readonly regionConcepts: Locator;
  readonly addConcept: Locator;
  readonly imageList: Locator;
  readonly connection: Locator;
  readonly dialog: Locator;
  readonly filter: Locator;
  readonly sort: Locator;
  readonly conceptFilter: Locator;
  readonly verdictFilter: Locator;
  readonly hasUnreviewed: Locator;

  constructor(readonly page: Page) {
    this.canvas = page.getByTestId('review-canvas');
    this.notice = page.getByTestId('review-notice');
    this.saving = page.getByTestId('review-saving');
    this.progress = page.getByTestId('review-progress');
    this.selectedRegion = page.getByTestId('selected-region');
    this.imageConcepts = page.getByTestId('image-concepts');
    this.regionConcepts = page.getByTestId('region-concepts');
    this.addConcept = page.getByLabel(/Add a concept to the/);
    this.imageList = page.getByRole('listbox', { name: 'Images' });
    this.connection = page.getByTestId('connection-state');
    this.dialog = page.locator('dialog[open]');
    this.filter = page.getByLabel('Show');
    const list = page.getByRole('complementary', { name: 'Image list' });
    this.sort = list.getByLabel('Sort', { exact: true });
    this.conceptFilter = list.getByLabel('Concept', { exact: true });
    this.verdictFilter = list.getByLabel('Verdict', { exact: true });
    this.hasUnreviewed = list.getByLabel('Has unreviewed regions');
  }

  /** Opens the app (the review screen is the first) and waits for an image on the canvas. */
  async open(url: string): Promise<void> {
    await this.page.goto(url);
    await expect(this.connection).toHaveAttribute('data-state', 'open');
    await this.waitForImage();
  }

  async reload(): Promise<void> {
    await this.page.reload();
    await expect(this.connection).toHaveAttribute('data-state', 'open');
    await this.waitForImage();
  }

  async waitForImage(imageId?: number): Promise<void> {
    if (imageId !== undefined) await expect(this.canvas).toHaveAttribute('data-image-id', String(imageId));
    await expect(this.canvas).toHaveAttribute('data-ready', 'true', { timeout: 20_000 });
  }

  /** Presses keys one after another, as a reviewer would. */
  async press(...keys: string[]): Promise<void> {
    for (const key of keys) await this.page.keyboard.press(key);
  }

  /** Waits until every edit has been answered by the main side. */
  async settled(): Promise<void> {
    await expect(this.saving).toHaveAttribute('data-pending', '0');
  }

  async selectedKey(): Promise<string | null> {
    return this.canvas.getAttribute('data-selected');
  }

  /** Calls the contract from the page, exactly as the renderer does. */
  async invoke<N extends CommandName>(name: N, input: CommandInput<N>): Promise<CommandOutput<N>> {
    const result = await this.page.evaluate(
      ([command, payload]) =>
        (window as unknown as { loupe: LoupeApi }).loupe.invoke(command, payload as never),
      [name, input] as const,
    );
    if (!result.ok) throw new Error(`${name} failed: ${result.error.message}`);
    return result.value;
  }

  async review(imageId: number) {
    const detail = await this.invoke('image.get', { imageId });
    const review = detail.predictions[0]?.review;
    if (!review) throw new Error(`image ${imageId} has no review`);
    return review;
  }

  /** Where a point of the image (normalised) is on the page, from the canvas's current transform. */
  async pagePoint(point: { x: number; y: number }): Promise<{ x: number; y: number }> {
    const bounds = await this.canvas.boundingBox();
    if (!bounds) throw new Error('the canvas is not visible');
    const number = async (name: string) => Number(await this.canvas.getAttribute(name));
    const [scale, x, y, width, height] = await Promise.all(
      ['data-scale', 'data-x', 'data-y', 'data-image-width', 'data-image-height'].map(number),
    );
    return {
      x: bounds.x + x! + point.x * width! * scale!,
      y: bounds.y + y! + point.y * height! * scale!,
    };
  }

  async clickRegion(box: Box): Promise<void> {
    const centre = await this.pagePoint({ x: (box.left + box.right) / 2, y: (box.top + box.bottom) / 2 });
    await this.page.mouse.click(centre.x, centre.y);
  }

  /** Drags a selected region by its middle to a new place (offset in screen pixels). */
  async dragRegion(box: Box, dx: number, dy: number): Promise<void> {
    const from = await this.pagePoint({ x: (box.left + box.right) / 2, y: (box.top + box.bottom) / 2 });
    await this.page.mouse.move(from.x, from.y);
    await this.page.mouse.down();
    await this.page.mouse.move(from.x + dx / 2, from.y + dy / 2, { steps: 4 });
    await this.page.mouse.move(from.x + dx, from.y + dy, { steps: 4 });
    await this.page.mouse.up();
  }

  imageRow(imageId: number): Locator {
    return this.imageList.locator(`[data-image-id="${imageId}"]`);
  }

  /** The image ids of the list's rows in view, top to bottom. */
  async listedIds(): Promise<number[]> {
    const ids = await this.imageList
      .locator('[role="option"]')
      .evaluateAll((rows) => rows.map((row) => Number(row.getAttribute('data-image-id'))));
    return ids;
  }

  conceptRow(list: Locator, name: string): Locator {
    return list.locator(`[data-concept="${name}"]`);
  }

  /** Opens the cheat sheet and remaps an action by pressing the new keys. */
  async remap(actionLabel: string, keys: string): Promise<void> {
    if (!(await this.dialog.isVisible())) await this.press('?');
    await this.dialog.getByRole('button', { name: `Change keys for ${actionLabel}` }).click();
    await this.page.keyboard.press(keys);
  }
}
