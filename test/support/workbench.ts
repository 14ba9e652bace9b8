// Reading and answering the workbench the way a user does: the tree as shown, quick inputs, modal dialogs.
import type { FrameLocator, Locator, Page } from 'playwright-core';
import { waitFor } from './poll';

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

/**
 * What the workbench shows in front right now (quick input, modal dialog, notifications, focus): for failure messages.
 * The page script is a string: the test runner's transpiler would wrap named functions in a helper the page lacks.
 */
export async function describeFront(page: Page): Promise<string> {
  return page.evaluate<string>(`(() => {
    const text = function (sel, root) { const e = (root || document).querySelector(sel); return e ? (e.textContent || '').trim() : ''; };
    const shown = function (el) { return el instanceof HTMLElement && el.offsetParent !== null && getComputedStyle(el).display !== 'none'; };
    const parts = [];
    const widget = document.querySelector('.quick-input-widget');
    if (widget && shown(widget)) {
      const input = widget.querySelector('.quick-input-box input');
      const rows = Array.from(widget.querySelectorAll('.quick-input-list .monaco-list-row .label-name')).slice(0, 8).map(function (r) { return (r.textContent || '').trim(); });
      parts.push('quick input "' + text('.quick-input-title', widget) + '" (placeholder "' + (input ? input.placeholder : '') + '", value "' + (input ? input.value : '') + '", message "' + text('.quick-input-message', widget) + '", rows ' + JSON.stringify(rows) + ')');
    } else {
      parts.push('no quick input' + (widget ? ' (the hidden one was titled "' + text('.quick-input-title', widget) + '")' : ''));
    }
    const dialog = document.querySelector('.monaco-dialog-box');
    if (dialog && shown(dialog)) parts.push('dialog "' + (dialog.textContent || '').trim().slice(0, 300) + '"');
    const toasts = Array.from(document.querySelectorAll('.notifications-toasts .notification-list-item-message')).map(function (t) { return (t.textContent || '').trim(); });
    if (toasts.length) parts.push('notifications ' + JSON.stringify(toasts));
    const a = document.activeElement;
    parts.push('focus on ' + (a ? a.tagName.toLowerCase() + (a.className ? '.' + String(a.className).split(' ')[0] : '') + (a.getAttribute('aria-label') ? ' "' + a.getAttribute('aria-label') + '"' : '') : 'nothing'));
    return parts.join('; ');
  })()`);
}

/** Answers the current step of a quick input: types the value (a pick's label, or text) and presses Enter. */
export async function answer(page: Page, value: string, expectTitle: RegExp, timeoutMs?: number): Promise<void> {
  const widget = page.locator('.quick-input-widget');
  try {
    await widget
      .locator('.quick-input-title', { hasText: expectTitle })
      .waitFor({ state: 'visible', timeout: timeoutMs });
  } catch {
    throw new Error(
      `answer: waited ${timeoutMs ?? 'the default'} ms for a quick input titled ${String(expectTitle)} to answer "${value}"; saw instead: ${await describeFront(page)}`,
    );
  }
  const input = widget.locator('.quick-input-box input');
  await input.fill(value);
  await page.waitForTimeout(150); // the list filters / validation runs on input
  await input.press('Enter');
}

/** Clicks a button of the modal dialog that is open (VS Code's own, drawn in the page) and waits for it to close. */
export async function clickDialogButton(page: Page, name: string | RegExp, timeoutMs = 300_000): Promise<string> {
  const dialog = page.locator('.monaco-dialog-box');
  try {
    await dialog.waitFor({ state: 'visible', timeout: timeoutMs });
  } catch {
    throw new Error(
      `clickDialogButton: waited ${timeoutMs} ms for a dialog with the button ${String(name)}; saw instead: ${await describeFront(page)}`,
    );
  }
  const text = await dialog.innerText();
  const button = dialog.getByRole('button', { name });
  if ((await button.count()) === 0) {
    const offered = await dialog.getByRole('button').allInnerTexts();
    throw new Error(
      `clickDialogButton: the dialog has no button ${String(name)}; it offers ${JSON.stringify(offered)} and says: ${text}`,
    );
  }
  await button.click();
  await dialog.waitFor({ state: 'hidden', timeout: 30_000 });
  return text;
}

/**
 * Waits until the side bar's tree shows the same rows for half a second, as a person looks before acting: a redraw
 * under the pointer (a host's inventory arriving) can swallow a drop or close a context menu before its item runs.
 */
export async function waitForStillTree(page: Page, timeoutMs = 60_000): Promise<void> {
  const rows = async (): Promise<string> => JSON.stringify(await visibleTree(page));
  await waitFor(
    'the tree to stand still',
    async () => {
      const before = await rows();
      await page.waitForTimeout(500);
      return (await rows()) === before ? true : undefined;
    },
    timeoutMs,
    rows,
  );
}

/**
 * Runs a tree row's context menu item. A click can land while the menu is still settling and be ignored, leaving it
 * open with the item highlighted: then the item is clicked again (at most three times) until the menu closes.
 */
export async function runContextMenuItem(page: Page, row: Locator, item: string): Promise<void> {
  await waitForStillTree(page);
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

/**
 * Puts the keyboard in a webview's page the way a person does, with a click into an empty corner of it, and waits until
 * that page holds it. Bringing a panel to the front is not enough: VS Code hands it the focus in steps (its frame at
 * once, its page 50 ms later by a message), and the first time a page gets the focus that way it takes it from whatever
 * opened meanwhile: a palette opened in between closes before it can be typed in (VS Code issue 75209). A page that
 * was clicked holds the focus already and that late message leaves it alone.
 */
export async function focusWebview(page: Page, content: FrameLocator, timeoutMs = 30_000): Promise<void> {
  await content.locator('body').click({ position: { x: 2, y: 2 }, timeout: timeoutMs });
  await waitFor(
    'the webview to hold the keyboard',
    async () => ((await content.locator('html').evaluate(() => document.hasFocus())) ? true : undefined),
    timeoutMs,
    async () =>
      `${await describeFront(page)}; the focus on ${String(await page.evaluate(() => document.activeElement?.outerHTML.slice(0, 120)))}`,
  );
}

/** Closes whatever is open in front (a quick input, a modal dialog), as a person pressing Escape would. */
export async function closeFront(page: Page): Promise<void> {
  const front = page.locator('.quick-input-widget:visible, .monaco-dialog-box:visible');
  for (let i = 0; i < 5 && (await front.count()) > 0; i++) {
    await page.keyboard.press('Escape');
    await page.waitForTimeout(200);
  }
  if ((await front.count()) > 0) throw new Error(`closeFront: still open after Escape: ${await describeFront(page)}`);
}

/** The visible tree as text (parent/label (description) per row): for failure messages. */
export async function describeTree(page: Page): Promise<string> {
  const rows = await visibleTree(page);
  if (rows.length === 0) return 'no tree rows';
  return rows
    .map(
      (r) => `${r.contextParent ? `${r.contextParent}/` : ''}${r.label}${r.description ? ` (${r.description})` : ''}`,
    )
    .join('; ');
}
