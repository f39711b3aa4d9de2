import { expect, type Locator, type Page } from '@playwright/test';

/** The Import screen's "Predictions made elsewhere" panel (renderer/src/views/ForeignImportPanel.tsx). */
export class ForeignImportPage {
  readonly panel: Locator;
  readonly format: Locator;
  readonly file: Locator;
  readonly modelName: Locator;
  readonly classes: Locator;
  readonly result: Locator;
  readonly warnings: Locator;
  readonly skipped: Locator;
  readonly unmatched: Locator;
  readonly error: Locator;

  constructor(readonly page: Page) {
    this.panel = page.getByRole('group', { name: 'Predictions made elsewhere' });
    this.format = this.panel.getByRole('combobox', { name: /^Format/ });
    this.file = this.panel.getByLabel('File or folder (absolute path)');
    this.modelName = this.panel.getByLabel(/^Model name/);
    this.classes = this.panel.getByLabel(/^Class names/);
    this.result = page.getByTestId('prediction-import-result');
    this.warnings = this.result.getByRole('list', { name: 'Warnings' });
    this.skipped = this.result.getByRole('list', { name: 'Skipped' });
    this.unmatched = this.result.getByRole('list', { name: 'Unmatched images' });
    this.error = page.getByTestId('error-banner');
  }

  async open(): Promise<void> {
    await this.page
      .getByRole('navigation', { name: 'Screens' })
      .getByRole('button', { name: 'Import' })
      .click();
    await expect(this.panel).toBeVisible();
  }

  /** Fills the panel as a person would and presses Import predictions. */
  async importFile(file: string, options: { format?: string; classes?: string } = {}): Promise<void> {
    await this.format.selectOption({ label: options.format ?? 'Detect from the file' });
    await this.file.fill(file);
    await this.classes.fill(options.classes ?? '');
    await this.panel.getByRole('button', { name: 'Import predictions' }).click();
  }

  async reviewThem(): Promise<void> {
    await this.result.getByRole('button', { name: 'Review them' }).click();
  }
}
