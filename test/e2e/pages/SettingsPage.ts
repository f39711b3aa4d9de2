import { expect, type Locator, type Page } from '@playwright/test';

/** Page object for the settings screen. */
export class SettingsPage {
  readonly transport: Locator;
  readonly dataDir: Locator;
  readonly reviewerId: Locator;
  readonly concurrency: Locator;
  readonly connection: Locator;
  readonly errorBanner: Locator;

  constructor(readonly page: Page) {
    this.transport = page.getByTestId('transport');
    this.dataDir = page.getByTestId('data-dir');
    this.reviewerId = page.getByLabel(/^Reviewer name/);
    this.concurrency = page.getByLabel('Concurrent requests');
    this.connection = page.getByTestId('connection-state');
    this.errorBanner = page.getByTestId('error-banner');
  }

  async open(url: string): Promise<void> {
    await this.page.goto(url);
    await expect(this.connection).toHaveAttribute('data-state', 'open');
    await this.page
      .getByRole('navigation', { name: 'Screens' })
      .getByRole('button', { name: 'Settings' })
      .click();
  }

  async setReviewerId(value: string): Promise<void> {
    await this.reviewerId.fill(value);
    await this.reviewerId.press('Enter');
  }
}
