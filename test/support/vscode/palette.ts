// The command palette (F1), driven the way a person does: open it, type a filter, read or click its rows.
import type { Locator, Page } from 'playwright-core';
import { describeFront } from '../workbench';
import { exactLabel } from './names';

export class CommandPalette {
  private readonly quickInput: Locator;
  private readonly quickInputBox: Locator;
  private readonly quickRows: Locator;

  constructor(
    private readonly page: Page,
    private readonly defaultTimeoutMs: number,
  ) {
    this.quickInput = page.locator('.quick-input-widget');
    this.quickInputBox = this.quickInput.locator('.quick-input-box input');
    this.quickRows = this.quickInput.locator('.quick-input-list .monaco-list-row');
  }

  /** Labels the palette lists for this filter text right now (the palette is closed again afterwards). */
  async commands(filter: string, timeoutMs: number): Promise<string[]> {
    await this.open(filter, timeoutMs);
    // Filtering is asynchronous: wait until the rows show match highlights (the unfiltered list has none), or the
    // palette says nothing matches.
    // Only shown elements count: the first match of the union may be a hidden message, and waiting for it to show
    // ran out the whole timeout (45 s) on every call.
    const settled = this.quickInput
      .locator('.quick-input-list .monaco-list-row .label-name .highlight:visible')
      .or(this.quickInput.locator('.quick-input-message:visible', { hasText: /\S/ }))
      .or(
        this.quickInput.locator('.quick-input-list .monaco-list-row:visible', { hasText: /^No (matching )?commands/i }),
      );
    await settled
      .first()
      .waitFor({ state: 'visible', timeout: timeoutMs })
      .catch(() => undefined);
    const labels = await this.quickRows.locator('.label-name').allTextContents();
    await this.page.keyboard.press('Escape');
    await this.quickInput.waitFor({ state: 'hidden', timeout: timeoutMs });
    return labels.map((l) => l.trim());
  }

  /** Runs the command with exactly this title. */
  async run(title: string, timeoutMs: number): Promise<void> {
    const row = await this.find(title, timeoutMs);
    if (row === undefined) {
      const listed = await this.quickRows
        .locator('.label-name')
        .allTextContents()
        .catch(() => []);
      await this.page.keyboard.press('Escape');
      throw new Error(
        `runCommand: the command palette has no command "${title}" after ${timeoutMs} ms; it lists: ${JSON.stringify(listed)}`,
      );
    }
    await row.click();
    // The palette closes (its rows stay in the page, hidden) or gives way to the command's own quick input.
    // Waiting for the row to leave the page instead cost 45 s after every command that opens nothing.
    try {
      await row.waitFor({ state: 'hidden', timeout: timeoutMs });
    } catch {
      throw new Error(
        `runCommand: the palette still shows "${title}" ${timeoutMs} ms after it was clicked; ${await describeFront(this.page)}`,
      );
    }
  }

  /** Whether the palette offers a command with exactly this title (the palette is closed again afterwards). */
  async has(title: string, timeoutMs: number): Promise<boolean> {
    const row = await this.find(title, timeoutMs);
    await this.page.keyboard.press('Escape');
    await this.quickInput.waitFor({ state: 'hidden', timeout: this.defaultTimeoutMs });
    return row !== undefined;
  }

  private async open(filter: string, timeoutMs: number): Promise<void> {
    if (await this.quickInput.isVisible()) await this.page.keyboard.press('Escape');
    await this.page.keyboard.press('F1');
    await this.quickInputBox.waitFor({ state: 'visible', timeout: timeoutMs });
    await this.quickInputBox.fill(`>${filter}`);
  }

  /**
   * Opens the palette filtered by `title` and waits for a row with exactly that label. The palette computes its
   * list once per input change, so a command registered a moment later (an extension still being scanned) only
   * shows after the filter is typed again: retype it every 2 s.
   */
  private async find(title: string, timeoutMs: number): Promise<Locator | undefined> {
    await this.open(title, timeoutMs);
    const row = this.quickRows
      .filter({ has: this.page.locator('.label-name', { hasText: exactLabel(title) }) })
      .first();
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const wait = Math.min(2_000, deadline - Date.now());
      if (wait <= 0) return undefined;
      try {
        await row.waitFor({ state: 'visible', timeout: wait });
        return row;
      } catch {
        if (Date.now() >= deadline) return undefined;
        await this.quickInputBox.fill('>');
        await this.quickInputBox.fill(`>${title}`);
      }
    }
  }
}
