import { expect, type Locator, type Page } from '@playwright/test';

/** Page object for the region triage grid (docs/triage.md). */
export class TriagePage {
  readonly screen: Locator;
  readonly grid: Locator;
  readonly progress: Locator;
  readonly notice: Locator;
  readonly empty: Locator;
  readonly sortOrder: Locator;
  readonly conceptFilter: Locator;
  readonly verdictFilter: Locator;
  readonly minConfidence: Locator;
  readonly maxConfidence: Locator;
  readonly modelFilter: Locator;

  constructor(readonly page: Page) {
    this.screen = page.locator('.triage-screen');
    this.grid = page.getByRole('grid', { name: 'Region crops' });
    this.progress = page.getByTestId('triage-progress');
    this.notice = page.getByTestId('triage-notice');
    this.empty = page.getByTestId('triage-empty');
    this.sortOrder = page.getByTestId('triage-sort');
    const filters = page.getByRole('group', { name: 'Filters' });
    this.conceptFilter = filters.getByLabel('Concept');
    this.verdictFilter = filters.getByLabel('Verdict');
    this.minConfidence = filters.getByLabel('Minimum confidence (%)');
    this.maxConfidence = filters.getByLabel('Maximum confidence (%)');
    this.modelFilter = filters.getByLabel('Model');
  }

  /** The crop at an index of the grid (it must be scrolled into view to exist). */
  crop(index: number): Locator {
    return this.grid.locator(`[role="gridcell"][data-index="${index}"]`);
  }

  get focused(): Locator {
    return this.grid.locator('[role="gridcell"][data-focused="true"]');
  }

  /** Opens the grid from the review screen with its key, and waits for its first crops. */
  async openByKey(): Promise<void> {
    await this.page.keyboard.press('Shift+T');
    await expect(this.grid).toBeFocused();
    await expect(this.grid).not.toHaveAttribute('data-total', '0');
  }

  async press(...keys: string[]): Promise<void> {
    for (const key of keys) await this.page.keyboard.press(key);
  }

  /** Waits until every queued key press has been answered. */
  async settled(): Promise<void> {
    await expect(this.screen).toHaveAttribute('data-pending', '0', { timeout: 60_000 });
  }

  async total(): Promise<number> {
    return Number(await this.grid.getAttribute('data-total'));
  }
}
