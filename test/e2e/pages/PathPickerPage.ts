import { expect, type Locator, type Page } from '@playwright/test';

/** The bridge build's file and folder picker (renderer/src/views/PathPicker.tsx). */
export class PathPickerPage {
  readonly dialog: Locator;
  readonly path: Locator;
  readonly entries: Locator;
  readonly recent: Locator;
  readonly error: Locator;

  constructor(readonly page: Page) {
    this.dialog = page.getByRole('dialog');
    this.path = this.dialog.getByRole('textbox', { name: 'Folder path' });
    this.entries = this.dialog.getByRole('list', { name: 'Folder contents' });
    this.recent = this.dialog.getByRole('navigation', { name: 'Recent folders' });
    this.error = this.dialog.getByRole('alert');
  }

  /** Clicks the Browse… button named for `what` and waits for the first listing. */
  async open(what: string): Promise<void> {
    await this.page.getByRole('button', { name: `Browse for ${what}` }).click();
    await expect(this.dialog).toBeVisible();
    await expect(this.path).not.toHaveValue('');
  }

  /** Types a folder into the path box, as a person who knows where it is would. */
  async goTo(folder: string): Promise<void> {
    await this.path.fill(folder);
    await this.dialog.getByRole('button', { name: 'Go' }).click();
  }

  /** The names listed, in order. */
  async names(): Promise<string[]> {
    return (await this.entries.getByRole('listitem').allInnerTexts()).map((text) =>
      text.replace(/\s+/g, ' ').trim(),
    );
  }

  async choose(button: string | RegExp): Promise<void> {
    await this.dialog.getByRole('button', { name: button }).click();
    await expect(this.dialog).toBeHidden();
  }
}
