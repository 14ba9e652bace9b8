// Debian's Chromium driven by playwright-core: one browser per run, with the flags of notes/code-server.md.
import { existsSync } from 'node:fs';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

const chromiumPath = process.env.E2E_CHROMIUM ?? '/usr/bin/chromium';

/** Headless, no sandbox (root), nothing that phones home. */
const chromiumArgs = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export function checkChromium(): void {
  if (!existsSync(chromiumPath))
    throw new Error(`Chromium not found at ${chromiumPath}: run bash scripts/setup.sh (apt-get install chromium)`);
}

export class ChromiumPage {
  /** The page's uncaught errors, timestamped: saved with the logs. */
  readonly pageErrors: string[] = [];

  private constructor(
    private readonly browser: Browser,
    private readonly context: BrowserContext,
    readonly page: Page,
  ) {
    page.on('pageerror', (err) => this.pageErrors.push(`${new Date().toISOString()} ${err.message}`));
  }

  /** A new browser with one page of this size; `defaultTimeoutMs` is every locator's default wait. */
  static async launch(viewport: { width: number; height: number }, defaultTimeoutMs: number): Promise<ChromiumPage> {
    const browser = await chromium.launch({ executablePath: chromiumPath, headless: true, args: chromiumArgs });
    try {
      const context = await browser.newContext({ viewport });
      context.setDefaultTimeout(defaultTimeoutMs);
      return new ChromiumPage(browser, context, await context.newPage());
    } catch (e) {
      await browser.close().catch(() => undefined);
      throw e;
    }
  }

  async close(): Promise<void> {
    await this.context.close().catch(() => undefined);
    await this.browser.close().catch(() => undefined);
  }
}
