// The page object: the VS Code workbench in the browser as a test sees it (activity bar, side bar tree, command
// palette, notifications, webviews), and the run's logs and artifacts.
import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import type { FrameLocator, Locator, Page } from 'playwright-core';
import { FatalError, waitFor } from '../poll';
import { defaultTimeoutMs, type Timings, type TreeRow, type VsCode } from './api';
import type { RunLogs } from './logs';
import { exactLabel, slug } from './names';
import { CommandPalette } from './palette';
import { resultsDir } from './paths';
import type { RunFolder } from './runFolder';

/** What a WorkbenchPage is made of: the browser page, where it points, the run behind it and how to end it. */
export interface WorkbenchParts {
  readonly page: Page;
  readonly pageErrors: readonly string[];
  /** The run's name: prefix of its screenshots, folder of its failures. */
  readonly name: string;
  readonly url: string;
  readonly baseUrl: string;
  readonly pid: number;
  readonly run: RunFolder;
  readonly logs: RunLogs;
  readonly timings: Timings;
  readonly readyTimeoutMs: number;
  readonly stop: () => Promise<void>;
}

export class WorkbenchPage implements VsCode {
  readonly page: Page;
  readonly url: string;
  readonly baseUrl: string;
  readonly pid: number;
  readonly runId: string;
  readonly runDir: string;
  readonly userDataDir: string;
  readonly extensionsDir: string;
  readonly home: string;
  readonly workspaceFolder: string;
  readonly timings: Timings;
  readonly stop: () => Promise<void>;
  private readonly logs: RunLogs;
  private readonly sidebar: Locator;
  private readonly rows: Locator;
  private readonly toasts: Locator;
  private readonly palette: CommandPalette;

  constructor(private readonly parts: WorkbenchParts) {
    ({
      page: this.page,
      url: this.url,
      baseUrl: this.baseUrl,
      pid: this.pid,
      logs: this.logs,
      timings: this.timings,
      stop: this.stop,
    } = parts);
    ({
      runId: this.runId,
      runDir: this.runDir,
      userDataDir: this.userDataDir,
      extensionsDir: this.extensionsDir,
      home: this.home,
      workspaceFolder: this.workspaceFolder,
    } = parts.run);
    this.sidebar = this.page.locator('.part.sidebar');
    this.rows = this.sidebar.locator('.monaco-list-row[role=treeitem]');
    this.toasts = this.page.locator('.notifications-toasts .notification-toast .notification-list-item-message');
    this.palette = new CommandPalette(this.page, defaultTimeoutMs);
  }

  /** Opens the workbench's URL and waits until it is ready (see waitForWorkbench). */
  async load(): Promise<void> {
    await this.page.goto(this.url, { timeout: this.parts.readyTimeoutMs });
    await this.waitForWorkbench(0);
  }

  async reload(): Promise<void> {
    const hostsBefore = this.logs.extensionHostsStarted();
    await this.page.reload({ timeout: this.parts.readyTimeoutMs });
    await this.waitForWorkbench(hostsBefore);
  }

  async screenshot(shot: string): Promise<string> {
    const file = path.join(resultsDir, `${this.parts.name}-${slug(shot)}.png`);
    await this.page.screenshot({ path: file, animations: 'disabled' });
    return file;
  }

  async openView(title: string, timeoutMs = defaultTimeoutMs): Promise<void> {
    const { page } = this;
    const entry = page
      .locator(`.part.activitybar .action-item:has(> [aria-label^="${title.replace(/"/g, '\\"')}"])`)
      .first();
    try {
      await entry.waitFor({ state: 'visible', timeout: timeoutMs });
    } catch {
      const known = await page
        .locator('.part.activitybar .action-item [aria-label]')
        .evaluateAll((els) => els.map((e) => e.getAttribute('aria-label')));
      throw new Error(
        `openView: no activity bar entry "${title}" after ${timeoutMs} ms; entries: ${JSON.stringify(known)}`,
      );
    }
    const isOpen = ((await entry.getAttribute('class')) ?? '').split(/\s+/).includes('checked');
    if (!isOpen) {
      await entry.click();
      await this.parkMouse(); // no hover tooltip in later screenshots
    }
    await this.sidebar.waitFor({ state: 'visible', timeout: timeoutMs });
    await page
      .locator('.part.activitybar .action-item.checked', {
        has: page.locator(`[aria-label^="${title.replace(/"/g, '\\"')}"]`),
      })
      .waitFor({ state: 'visible', timeout: timeoutMs });
  }

  treeRows(): Promise<TreeRow[]> {
    return this.rows.evaluateAll((rows) =>
      rows.map((row) => {
        const expanded = row.getAttribute('aria-expanded');
        return {
          label: row.querySelector('.label-name')?.textContent?.trim() ?? '',
          description: row.querySelector('.label-description')?.textContent?.trim() ?? '',
          ariaLabel: row.getAttribute('aria-label') ?? '',
          level: Number(row.getAttribute('aria-level') ?? '1'),
          expanded: expanded === null ? undefined : expanded === 'true',
          selected: row.getAttribute('aria-selected') === 'true' || row.classList.contains('selected'),
        };
      }),
    );
  }

  treeRow(label: string | RegExp): Locator {
    const text = typeof label === 'string' ? exactLabel(label) : label;
    return this.rows.filter({ has: this.page.locator('.label-name', { hasText: text }) }).first();
  }

  async waitForTreeRow(label: string | RegExp, timeoutMs = defaultTimeoutMs): Promise<Locator> {
    const row = this.treeRow(label);
    try {
      await row.waitFor({ state: 'visible', timeout: timeoutMs });
    } catch {
      const rows = await this.treeRows().catch(() => []);
      throw new Error(
        `waitForTreeRow: no row ${String(label)} after ${timeoutMs} ms; rows: ${JSON.stringify(rows.map((r) => r.label))}`,
      );
    }
    return row;
  }

  async expandTreeRow(label: string | RegExp, timeoutMs = defaultTimeoutMs): Promise<Locator> {
    const row = await this.waitForTreeRow(label, timeoutMs);
    if ((await row.getAttribute('aria-expanded')) === 'false') {
      await row.locator('.monaco-tl-twistie').click();
      await this.treeRow(label)
        .and(this.page.locator('[aria-expanded="true"]'))
        .waitFor({ state: 'visible', timeout: timeoutMs });
    }
    return row;
  }

  runCommand(title: string, timeoutMs = defaultTimeoutMs): Promise<void> {
    return this.palette.run(title, timeoutMs);
  }

  hasCommand(title: string, timeoutMs = 10_000): Promise<boolean> {
    return this.palette.has(title, timeoutMs);
  }

  paletteCommands(filter: string, timeoutMs = defaultTimeoutMs): Promise<string[]> {
    return this.palette.commands(filter, timeoutMs);
  }

  async notifications(): Promise<string[]> {
    return (await this.toasts.allTextContents()).map((t) => t.trim());
  }

  async waitForNotification(match: string | RegExp, timeoutMs = defaultTimeoutMs): Promise<string> {
    const toast = this.toasts.filter({ hasText: match }).first();
    try {
      await toast.waitFor({ state: 'visible', timeout: timeoutMs });
    } catch {
      throw new Error(
        `waitForNotification: none matching ${String(match)} after ${timeoutMs} ms; shown: ${JSON.stringify(await this.notifications())}`,
      );
    }
    return ((await toast.textContent()) ?? '').trim();
  }

  webviewFrame(index?: number): FrameLocator {
    const frames = this.page.locator('iframe.webview.ready:visible');
    const frame = index === undefined ? frames.last() : frames.nth(index);
    return frame.contentFrame().locator('iframe#active-frame').contentFrame();
  }

  async waitForActivation(
    extensionId = 'hyperv-mobility.hyperv-mobility',
    timeoutMs = defaultTimeoutMs,
  ): Promise<void> {
    const id = extensionId.toLowerCase();
    await waitFor(
      `activation of ${extensionId}`,
      () => {
        const log = this.logs.currentExtensionHostLog(); // this window's extension host (a reload starts a new one)
        const lines = log.split('\n').filter((l) => l.toLowerCase().includes(id));
        const failed = lines.find((l) => /Activating extension .* failed/i.test(l));
        if (failed !== undefined) throw new FatalError(`extension ${extensionId} failed to activate:\n${log}`);
        return lines.some((l) => l.includes('ExtensionService#_doActivateExtension')) ? true : undefined;
      },
      timeoutMs,
      undefined,
      100,
    ).catch((err: Error) => {
      if (err instanceof FatalError) throw err;
      throw new Error(`${err.message}\n--- extension host log ---\n${this.logs.currentExtensionHostLog()}`);
    });
  }

  readonly extensionHostLog = (): string => this.logs.extensionHostLog();
  readonly serverLog = (): string => this.logs.serverLog();
  readonly productLog = (): string => this.logs.productLog();

  async saveFailure(test: string, extra: Readonly<Record<string, string>> = {}): Promise<string> {
    const dir = path.join(resultsDir, 'failures', this.parts.name, slug(test));
    mkdirSync(dir, { recursive: true });
    const save = (file: string, text: () => string): void => {
      try {
        writeFileSync(path.join(dir, file), text());
      } catch (e) {
        writeFileSync(path.join(dir, file), `could not be read: ${e instanceof Error ? e.message : String(e)}\n`);
      }
    };
    await this.page
      .screenshot({ path: path.join(dir, 'screenshot.png'), animations: 'disabled' })
      .catch((e: unknown) => save('screenshot.txt', () => `no screenshot: ${String(e)}`));
    save('hyper-v-mobility.log', this.productLog);
    save('exthost.log', this.extensionHostLog);
    save('code-server.log', this.serverLog);
    if (this.parts.pageErrors.length > 0) save('page-errors.log', () => this.parts.pageErrors.join('\n'));
    for (const [file, text] of Object.entries(extra)) save(file, () => text);
    return dir;
  }

  /**
   * Ready = the workbench is rendered and this window's extension host has started (the remote extensions are
   * scanned and their contributions registered by then: views, commands, settings).
   */
  private async waitForWorkbench(hostsBefore: number): Promise<void> {
    const timeout = this.parts.readyTimeoutMs;
    await this.page.locator('.monaco-workbench').waitFor({ state: 'attached', timeout });
    await this.page.locator('.part.activitybar').waitFor({ state: 'visible', timeout });
    await this.page.locator('.part.statusbar').waitFor({ state: 'visible', timeout });
    await waitFor(
      'the extension host to start',
      () => (this.logs.extensionHostsStarted() > hostsBefore ? true : undefined),
      timeout,
      undefined,
      200,
    ).catch((err: Error) => {
      throw new Error(`${err.message}\n--- code-server output ---\n${this.logs.serverLogTail()}`);
    });
  }

  private async parkMouse(): Promise<void> {
    const box = await this.page
      .locator('.part.editor')
      .boundingBox()
      .catch(() => null);
    if (box !== null) await this.page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  }
}
