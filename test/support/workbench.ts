// Reading and answering the workbench the way a user does: the tree as shown, quick inputs, modal dialogs.
import type { Locator, Page } from 'playwright-core';

export interface Row {
  label: string;
  description: string;
  level: number;
  contextParent?: string;
}

/** Rows in the order the user sees them (the list positions rows absolutely), each with its parent's label. */
export async function visibleTree(page: Page): Promise<Row[]> {
  const rows = await page.locator('.part.sidebar .monaco-list-row[role=treeitem]').evaluateAll((els) =>
    els
      .map((row) => ({
        top: parseFloat((row as HTMLElement).style.top || '0'),
        label: row.querySelector('.label-name')?.textContent?.trim() ?? '',
        description: row.querySelector('.label-description')?.textContent?.trim() ?? '',
        level: Number(row.getAttribute('aria-level') ?? '1'),
      }))
      .sort((a, b) => a.top - b.top),
  );
  const stack: string[] = [];
  return rows.map((r) => {
    stack.length = r.level - 1;
    const parent = stack[r.level - 2];
    stack[r.level - 1] = r.label;
    return { label: r.label, description: r.description, level: r.level, contextParent: parent };
  });
}

/** Answers the current step of a quick input: types the value (a pick's label, or text) and presses Enter. */
export async function answer(page: Page, value: string, expectTitle: RegExp): Promise<void> {
  const widget = page.locator('.quick-input-widget');
  await widget.locator('.quick-input-title', { hasText: expectTitle }).waitFor({ state: 'visible' });
  const input = widget.locator('.quick-input-box input');
  await input.fill(value);
  await page.waitForTimeout(150); // the list filters / validation runs on input
  await input.press('Enter');
}

/** Clicks a button of the modal dialog that is open (VS Code's own, drawn in the page) and waits for it to close. */
export async function clickDialogButton(page: Page, name: string | RegExp, timeoutMs = 300_000): Promise<string> {
  const dialog = page.locator('.monaco-dialog-box');
  await dialog.waitFor({ state: 'visible', timeout: timeoutMs });
  const text = await dialog.innerText();
  await dialog.getByRole('button', { name }).click();
  await dialog.waitFor({ state: 'hidden', timeout: 30_000 });
  return text;
}

/**
 * Runs a tree row's context menu item. A click can land while the menu is still settling and be ignored, leaving it
 * open with the item highlighted: then the item is clicked again (at most three times) until the menu closes.
 */
export async function runContextMenuItem(page: Page, row: Locator, item: string): Promise<void> {
  await row.click({ button: 'right' });
  const menu = page.locator('.context-view');
  const entry = menu.locator('.action-label', { hasText: item });
  await entry.waitFor({ state: 'visible', timeout: 30_000 });
  for (let attempt = 1; ; attempt++) {
    await entry.click();
    try {
      await menu.locator('.monaco-menu').waitFor({ state: 'hidden', timeout: 3_000 });
      return;
    } catch (e) {
      if (attempt >= 3) throw e;
      if (!(await entry.isVisible())) return; // it closed just now: the click was taken
    }
  }
}
