import { expect, type Locator, type Page } from '@playwright/test';

/**
 * Page object for a team campaign in the app: the "Team collector" endpoint profile under
 * Settings, and the Team screen (the reviewer's assignment, or the lead's results).
 */
export class TeamPage {
  readonly nav: Locator;
  readonly pullButton: Locator;
  readonly pulled: Locator;
  readonly lease: Locator;
  readonly delivered: Locator;
  readonly toReview: Locator;
  readonly submitted: Locator;
  readonly lead: Locator;
  readonly reviewers: Locator;
  readonly disagreements: Locator;
  readonly exported: Locator;
  readonly syncIndicator: Locator;

  constructor(readonly page: Page) {
    this.nav = page.getByRole('navigation', { name: 'Screens' });
    this.pullButton = page.getByRole('button', { name: 'Pull next batch' });
    this.pulled = page.getByTestId('team-pulled');
    this.lease = page.getByTestId('team-lease');
    this.delivered = page.getByTestId('team-delivered');
    this.toReview = page.getByTestId('team-to-review');
    this.submitted = page.getByTestId('team-submitted');
    this.lead = page.getByTestId('team-lead');
    this.reviewers = page.getByTestId('team-reviewers');
    this.disagreements = page.getByTestId('team-disagreements');
    this.exported = page.getByTestId('team-exported');
    this.syncIndicator = page.getByTestId('sync-indicator');
  }

  async open(url: string): Promise<void> {
    await this.page.goto(url);
    await expect(this.page.getByTestId('connection-state')).toHaveAttribute('data-state', 'open');
  }

  async screen(name: 'Team' | 'Review' | 'Settings' | 'Queue'): Promise<void> {
    await this.nav.getByRole('button', { name, exact: true }).click();
  }

  /** Settings → Endpoint → "Team collector", with its URL, the campaign and the key. */
  async connect(collectorUrl: string, campaignId: string, key: string): Promise<void> {
    await this.screen('Settings');
    await this.page.getByLabel('Send predictions and feedback to').selectOption('team');
    // The profile's defaults arrive with the saved settings: type over them only once they have.
    const url = this.page.getByLabel('Collector URL');
    await expect(url).toHaveValue('http://127.0.0.1:8080');
    await url.fill(collectorUrl);
    await url.press('Enter');
    await expect.poll(async () => (await this.savedEndpoint())['baseUrl']).toBe(collectorUrl);
    const campaign = this.page.getByLabel('Campaign id');
    await campaign.fill(campaignId);
    await campaign.press('Enter');
    await expect.poll(async () => (await this.savedEndpoint())['campaignId']).toBe(campaignId);
    await this.page.getByLabel('New API key').fill(key);
    await this.page.getByRole('button', { name: 'Save key' }).click();
    await expect(this.page.getByTestId('key-status')).toContainText(`ending in ${key.slice(-4)}`);
    await this.page.getByRole('button', { name: 'Test connection' }).click();
    await expect(this.page.getByTestId('endpoint-test')).toContainText('Connected to the team collector', {
      timeout: 30_000,
    });
  }

  async savedEndpoint(): Promise<Record<string, unknown>> {
    const result = await this.page.evaluate(() => window.loupe!.invoke('settings.get', {}));
    if (!result.ok) throw new Error(result.error.message);
    return result.value.endpoint;
  }

  /** Presses "Pull next batch" and waits for what it says. */
  async pullNextBatch(): Promise<string> {
    await this.screen('Team');
    await this.pulled.waitFor({ state: 'detached' }).catch(() => undefined);
    await this.pullButton.click();
    await expect(this.pulled).toBeVisible({ timeout: 60_000 });
    return (await this.pulled.textContent()) ?? '';
  }

  reviewerRow(reviewerId: string): Locator {
    return this.reviewers.locator(`tr[data-reviewer="${reviewerId}"]`);
  }

  cell(row: Locator, name: string): Locator {
    return row.locator(`[data-cell="${name}"]`);
  }
}
