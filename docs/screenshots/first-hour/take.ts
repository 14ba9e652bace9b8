// Takes the before/after screenshots of issue 16 ("an admin's first hour") from the real product in a real VS Code
// (code-server + Debian's Chromium, driven by the e2e harness of the commit being shot) against the demo lab.
// Not part of `npm test`. One code-server at a time; about 15 minutes per commit on a 2-core machine.
//
//   git worktree add /tmp/wt-before 5995fc6^1        # the "before" commit (main before the first-hour merge)
//   (cd /tmp/wt-before && ln -s "$PWD/node_modules" node_modules && ln -s "$PWD/.tools" .tools && ln -s "$PWD/.e2e" .e2e)
//   node --import tsx docs/screenshots/first-hour/take.ts --repo /tmp/wt-before --as before
//   node --import tsx docs/screenshots/first-hour/take.ts --repo "$PWD" --as after
//
// --repo: the worktree whose product (built and packaged by its own harness, test/support/vscode.ts ensureVsix),
// lab (lab/) and harness are used. --as before|after: the file name suffix and the UI to expect (the two commits
// differ in a few buttons and titles; every difference is spelled out below). --only 1,7: only these items.
// The images go next to this script as <item>-<topic>-<as>.jpg; the product is never touched, only driven: every
// shot is what the window shows at that moment (some are cropped to the region that matters).
import { mkdirSync } from 'node:fs';
import * as path from 'node:path';
import type { Locator } from 'playwright-core';

type VsCodeModule = typeof import('../../../test/support/vscode');
type LabModule = typeof import('../../../test/support/lab');
type WorkbenchModule = typeof import('../../../test/support/workbench');
type VsCode = Awaited<ReturnType<VsCodeModule['startVsCode']>>;
type Lab = Awaited<ReturnType<LabModule['startLab']>>;

const args = process.argv.slice(2);
const arg = (name: string): string | undefined => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
};
const repo = path.resolve(arg('repo') ?? process.cwd());
const as = arg('as') ?? 'after';
if (as !== 'before' && as !== 'after') throw new Error('--as before|after');
const after = as === 'after';
const only = arg('only')?.split(',').map(Number);
const wanted = (item: number): boolean => only === undefined || only.includes(item);
const outDir = __dirname;
const viewport = { width: 1400, height: 1000 };
const taken: string[] = [];
const problems: string[] = [];

/** A module of the shot commit's harness (tsx may hand a CommonJS module's exports over as `default`). */
async function load<T>(rel: string): Promise<T> {
  const m = (await import(path.join(repo, rel))) as T & { default?: T };
  return { ...(m.default ?? {}), ...m };
}

function log(message: string): void {
  process.stdout.write(`[take ${as}] ${message}\n`);
}

async function main(): Promise<void> {
  mkdirSync(outDir, { recursive: true });
  const vsm = await load<VsCodeModule>('test/support/vscode.ts');
  const labm = await load<LabModule>('test/support/lab.ts');
  const wb = await load<WorkbenchModule>('test/support/workbench.ts');

  const lab: Lab = await labm.startLab({ topology: 'demo' });
  let vscode: VsCode | undefined;
  try {
    vscode = await vsm.startVsCode({
      name: `first-hour-${as}`,
      settings: {
        'hypervMobility.hosts': vsm.labConnections(lab.dir),
        'hypervMobility.powershellPath': labm.PWSH,
        'hypervMobility.requestTimeoutSeconds': 300,
      },
      env: { PATH: lab.clientEnv.PATH },
      viewport,
    });
    await shoot(vscode, lab, wb);
  } finally {
    await vscode?.stop();
    await lab.stop();
  }
  log(`taken: ${taken.length}\n  ${taken.join('\n  ')}`);
  if (problems.length > 0) log(`not taken:\n  ${problems.join('\n  ')}`);
}

async function shoot(vscode: VsCode, lab: Lab, wb: WorkbenchModule): Promise<void> {
  const { page } = vscode;
  const widget = page.locator('.quick-input-widget');
  const dialog = page.locator('.monaco-dialog-box');
  const hover = page.locator('.monaco-hover, .workbench-hover').first();
  const sidebar = page.locator('.part.sidebar');

  /** Saves a JPEG (small enough for the repository) of the window, or of a region of it. */
  const shot = async (
    item: number,
    topic: string,
    clip?: { x: number; y: number; width: number; height: number },
  ): Promise<void> => {
    const file = path.join(outDir, `${item}-${topic}-${as}.jpg`);
    await page.waitForTimeout(400); // toasts and hovers fade in
    await page.screenshot({ path: file, type: 'jpeg', quality: 60, animations: 'disabled', ...(clip ? { clip } : {}) });
    taken.push(path.basename(file));
    log(`shot ${path.basename(file)}`);
  };
  /** The region of the window holding these elements (plus a margin), for a cropped shot. */
  const around = async (
    locators: Locator[],
    margin = 12,
  ): Promise<{ x: number; y: number; width: number; height: number }> => {
    const boxes = (await Promise.all(locators.map((l) => l.boundingBox()))).filter((b) => b !== null);
    const size = page.viewportSize() ?? viewport;
    const x = Math.max(0, Math.min(...boxes.map((b) => b.x)) - margin);
    const y = Math.max(0, Math.min(...boxes.map((b) => b.y)) - margin);
    const right = Math.min(size.width, Math.max(...boxes.map((b) => b.x + b.width)) + margin);
    const bottom = Math.min(size.height, Math.max(...boxes.map((b) => b.y + b.height)) + margin);
    return { x, y, width: right - x, height: bottom - y };
  };
  const scene = async (item: number, what: string, run: () => Promise<void>): Promise<void> => {
    if (!wanted(item)) return;
    log(`item ${item}: ${what}`);
    try {
      await run();
    } catch (e) {
      problems.push(`item ${item} (${what}): ${e instanceof Error ? e.message.split('\n')[0] : String(e)}`);
      log(`item ${item} failed: ${e instanceof Error ? e.stack : String(e)}`);
      await page.setViewportSize(viewport);
      for (let i = 0; i < 4; i++) await page.keyboard.press('Escape');
    }
  };
  const palette = async (title: string): Promise<void> => {
    await page.keyboard.press('F1');
    await widget
      .locator('.quick-input-box input')
      .waitFor({ state: 'visible', timeout: 3_000 })
      .catch(() => undefined);
    if (!(await widget.locator('.quick-input-box input').isVisible())) {
      // a webview (the Migrations panel) that has the keyboard keeps F1 to itself: give it back to the workbench
      await sidebar.locator('.composite.title').first().click();
      await page.keyboard.press('F1');
    }
    await widget.locator('.quick-input-box input').fill(`>${title}`);
    const row = widget
      .locator('.quick-input-list .monaco-list-row', {
        has: page.locator('.label-name', { hasText: new RegExp(`^${title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`) }),
      })
      .first();
    await row.waitFor({ state: 'visible', timeout: 60_000 });
    await row.click();
  };
  const waitTitle = (title: RegExp, timeout = 180_000): Promise<void> =>
    widget.locator('.quick-input-title', { hasText: title }).waitFor({ state: 'visible', timeout });
  const treeMoving = async (): Promise<string[]> =>
    (await wb.visibleTree(page))
      .filter((r) => /Migrat|Queued/.test(r.description))
      .map((r) => `${r.label} (${r.description})`);
  const waitMovesEnd = async (timeoutMs = 900_000): Promise<void> => {
    const deadline = Date.now() + timeoutMs;
    while ((await treeMoving()).length > 0 && Date.now() < deadline) await page.waitForTimeout(2_000);
  };
  /** Move VM… through the wizard (a drag can be lost while the old tree redraws): VM, destination, default folders. */
  const moveVm = async (vm: string, to: string, confirm = true): Promise<string> => {
    await palette('Hyper-V: Move VM…');
    await wb.answer(page, vm, /^Move VM$/);
    await wb.answer(page, to, new RegExp(`^Move ${vm}$`), 180_000);
    await wb.answer(page, `Into ${to}'s default folders`, /where do its files go/, 180_000);
    if (!confirm) return '';
    return wb.clickDialogButton(page, /^Start (Migration|Anyway)$/);
  };
  const panelOpen = async (): Promise<void> => {
    if ((await page.locator('iframe.webview.ready:visible').count()) > 0) return;
    await palette('Hyper-V: Show Migrations');
    await page.locator('iframe.webview.ready:visible').first().waitFor({ state: 'visible', timeout: 60_000 });
  };

  // ---- 8: the first load of the demo tree
  await vscode.openView('Hyper-V');
  // a wider side bar, so that rows and their descriptions can be read in the shots
  const sb = await sidebar.boundingBox();
  if (sb) {
    await page.mouse.move(sb.x + sb.width, 500);
    await page.mouse.down();
    await page.mouse.move(sb.x + sb.width + 120, 500, { steps: 8 });
    await page.mouse.up();
  }
  await page.mouse.move(900, 500);
  await scene(
    8,
    'first load: a frame where cluster nodes still load after the rest has arrived (a second round), else the complete tree',
    async () => {
      const t0 = Date.now();
      let secondRound = false;
      for (;;) {
        const rows = await wb.visibleTree(page);
        const nodeLoading = rows.some((r) => r.level === 2 && /loading/.test(r.description));
        const someVms = rows.some((r) => r.level === 3);
        if (nodeLoading && someVms && !secondRound) {
          secondRound = true;
          log(
            `second round seen at ${Date.now() - t0} ms: ${rows
              .filter((r) => /loading/.test(r.description))
              .map((r) => r.label)
              .join(', ')}`,
          );
          await shot(8, 'first-load', { x: 0, y: 0, width: 700, height: viewport.height });
        }
        if (rows.length > 30 && !rows.some((r) => /loading/.test(r.description))) {
          log(`tree complete at ${Date.now() - t0} ms after the view opened`);
          if (!secondRound) await shot(8, 'first-load', { x: 0, y: 0, width: 700, height: viewport.height });
          break;
        }
        if (Date.now() - t0 > 300_000) throw new Error('the tree was not complete after 5 min');
        await page.waitForTimeout(500);
      }
    },
  );
  // every later scene acts on the complete tree (also when --only skips item 8)
  for (const t0 = Date.now(); Date.now() - t0 < 300_000; await page.waitForTimeout(500)) {
    const rows = await wb.visibleTree(page);
    if (rows.length > 30 && !rows.some((r) => /loading/.test(r.description))) break;
  }

  // ---- 6: a host's tooltip (HV-WEST uses CredSSP in the demo lab)
  await scene(6, "HV-WEST's tooltip", async () => {
    await page.waitForTimeout(1_500);
    await vscode.treeRow('HV-WEST').locator('.label-name').hover();
    await hover.waitFor({ state: 'visible', timeout: 15_000 });
    await shot(6, 'host-tooltip', await around([vscode.treeRow('HV-WEST'), hover], 16));
    await page.mouse.move(900, 500);
  });

  // ---- 2: Evacuate Host's confirmation of several VMs (HV-WEST: 5 running VMs; after: every VM is offered)
  await scene(2, 'Evacuate HV-WEST: the confirmation', async () => {
    await palette('Hyper-V: Evacuate Host…');
    await wb.answer(page, 'HV-WEST', /Evacuate Host/);
    if (after) {
      await waitTitle(/which VMs move/);
      await page.keyboard.press('Enter'); // all of them
    }
    await waitTitle(/spread/);
    await page.waitForTimeout(500);
    await page.keyboard.press('Enter'); // HV-EAST
    await dialog.waitFor({ state: 'visible', timeout: 300_000 });
    const box = await dialog.boundingBox();
    log(`confirmation ${Math.round(box?.height ?? 0)} px tall in a ${viewport.height} px window`);
    await shot(2, 'evacuate-confirm');
    await page.keyboard.press('Escape'); // its buttons may be out of reach (before): Escape closes it
    await dialog.waitFor({ state: 'hidden', timeout: 30_000 });
  });

  // ---- 3: evacuating HV-WEST once its authentication is Kerberos (set through the product's Migration Settings…),
  // so that only the VMs' own problems stand in the way: configuration versions HV-EAST lacks, a missing switch.
  await scene(3, 'HV-WEST to Kerberos (Migration Settings…), then Evacuate HV-WEST', async () => {
    await wb.runContextMenuItem(page, vscode.treeRow('HV-WEST'), 'Migration Settings…');
    await waitTitle(/Migration settings: HV-WEST/);
    await page.waitForTimeout(1_000);
    await widget
      .locator('.quick-input-list .monaco-list-row', { hasText: /^Authentication/ })
      .first()
      .click();
    await widget
      .locator('.quick-input-list .monaco-list-row', { hasText: /^Apply changes/ })
      .first()
      .waitFor({ state: 'visible' });
    await widget
      .locator('.quick-input-list .monaco-list-row', { hasText: /^Apply changes/ })
      .first()
      .click();
    await vscode.waitForNotification(/Migration settings of HV-WEST saved: .*Kerberos/, 120_000);

    await palette('Hyper-V: Evacuate Host…');
    await wb.answer(page, 'HV-WEST', /Evacuate Host/);
    if (after) {
      await waitTitle(/which VMs move/);
      await page.waitForTimeout(800);
      // the two that take longest to copy stay (a click on a row clears it)
      for (const vm of ['monitor-01', 'legacy-erp-01']) {
        await widget
          .locator('.quick-input-list .monaco-list-row', {
            has: page.locator('.label-name', { hasText: new RegExp(`^${vm}$`) }),
          })
          .click();
      }
      await page.keyboard.press('Enter');
    }
    await waitTitle(/spread/);
    await page.waitForTimeout(500);
    await page.keyboard.press('Enter');
    await dialog.waitFor({ state: 'visible', timeout: 300_000 });
    await page.waitForTimeout(800);
    if (!after) {
      // A window as tall as the dialog, to show all of it: no Start button, every VM stays.
      const box = await dialog.boundingBox();
      await page.setViewportSize({ width: viewport.width, height: Math.ceil(box?.height ?? 1000) + 80 });
      await page.waitForTimeout(1_500);
      await shot(3, 'evacuate-partial');
      await page.setViewportSize(viewport);
      await page.waitForTimeout(500);
      await page.keyboard.press('Escape');
      return;
    }
    await shot(3, 'evacuate-partial');
    await wb.clickDialogButton(page, /^Start \d+ Migrations?/);
    await vscode.waitForNotification(/^Evacuation of HV-WEST: /, 900_000);
    await page.locator('.notifications-toasts .monaco-button', { hasText: 'Show Summary' }).first().click();
    await dialog.waitFor({ state: 'visible', timeout: 30_000 });
    await shot(3, 'evacuate-summary');
    await wb.clickDialogButton(page, /^OK$/);
  });

  // ---- 7: the Move VM wizard; 6: a single move's confirmation; 9: a queued move; 8: a tooltip while moves run
  await scene(7, '"Hyper-V: Move VM" + Enter; the wizard (monitor-01 to HV-EAST); moves in flight', async () => {
    await page.mouse.move(900, 500);
    await page.keyboard.press('F1');
    await widget
      .locator('.quick-input-box input')
      .waitFor({ state: 'visible', timeout: 3_000 })
      .catch(() => undefined);
    if (!(await widget.locator('.quick-input-box input').isVisible())) {
      await sidebar.locator('.composite.title').first().click();
      await page.keyboard.press('F1');
    }
    await widget.locator('.quick-input-box input').fill('>Hyper-V: Move VM');
    await widget
      .locator('.quick-input-list .monaco-list-row .label-name .highlight')
      .first()
      .waitFor({ state: 'visible' });
    await page.waitForTimeout(500);
    await shot(7, 'palette', await around([widget]));
    await page.keyboard.press('Enter');
    await waitTitle(/^Move VM/);
    log(`Enter opened: ${await widget.locator('.quick-input-title').innerText()}`);
    await page.keyboard.press('Escape');

    await palette('Hyper-V: Move VM…');
    await wb.answer(page, 'monitor-01', /^Move VM$/);
    await waitTitle(/^Move monitor-01$/);
    await page.waitForTimeout(2_500);
    await shot(7, 'wizard-memory', await around([widget]));
    await wb.answer(page, 'HV-EAST', /^Move monitor-01$/);
    await waitTitle(/where do its files go/);
    await page.waitForTimeout(1_500);
    await shot(7, 'wizard-files', await around([widget]));
    await wb.answer(page, "Into HV-EAST's default folders", /where do its files go/);
    await dialog.waitFor({ state: 'visible', timeout: 300_000 });
    await shot(6, 'move-confirm', await around([dialog]));
    await wb.clickDialogButton(page, /^Start (Migration|Anyway)$/);
    await panelOpen();
    // three moves out of HV-EAST, which runs 2 at once: the third waits
    for (const vm of ['web-01', 'web-02', 'app-01']) await moveVm(vm, 'HV-WEST');
    await page.waitForTimeout(1_500);
    const moving = await treeMoving();
    log(`moving: ${moving.join(', ')}`);
    await page.mouse.move(900, 500);
    await shot(
      9,
      'queued',
      await around([vscode.treeRow('HV-EAST'), vscode.treeRow('web-02'), page.locator('.part.editor')], 0),
    );
    // hover a host while the moves draw their progress: is the tooltip still there 4 s later?
    await vscode.treeRow('HV-EAST').locator('.label-name').hover();
    const seen: string[] = [];
    for (let i = 0; i < 10; i++) {
      seen.push((await hover.isVisible().catch(() => false)) ? 'T' : '-');
      if (i === 8) await shot(8, 'tooltip-during-move', { x: 0, y: 0, width: 700, height: viewport.height });
      await page.waitForTimeout(500);
    }
    log(`tooltip of HV-EAST, every 0.5 s while moves run: ${seen.join('')}`);
    await page.mouse.move(900, 500);
    await waitMovesEnd();
  });

  // ---- 9: a failure notification (the lab drops the network of moves from or to HV-EAST at 30 %)
  await scene(9, 'a move that fails: jump-01 HV-EAST → HV-WEST with a network drop', async () => {
    await lab.addFault('NetworkDrop', { host: 'HV-EAST', atPercent: 30 });
    try {
      await moveVm('jump-01', 'HV-WEST');
      await vscode.waitForNotification(/jump-01.*fail|fail.*jump-01/is, 600_000);
      await shot(9, 'failure');
    } finally {
      await lab.clearFaults();
    }
    await waitMovesEnd();
  });

  // ---- 5: Move VM Storage (dmz-proxy-01 lives in E:\Hyper-V\dmz-proxy-01 on HV-WEST, which has C: and E:)
  await scene(5, "storage: the suggested folder, a drive HV-WEST lacks (Q:), the panel's row", async () => {
    await page.keyboard.press('Escape');
    await palette(after ? "Hyper-V: Move VM's Storage…" : 'Hyper-V: Move VM Storage…');
    await wb.answer(page, 'dmz-proxy-01', /Move VM'?s? Storage/);
    await waitTitle(/storage on HV-WEST/);
    await page.waitForTimeout(2_000);
    await shot(5, 'storage-suggest', await around([widget]));
    await wb.answer(page, 'Q:\\VMs\\dmz-proxy-01', /storage on HV-WEST/);
    await dialog.waitFor({ state: 'visible', timeout: 300_000 });
    await shot(5, 'storage-missing-drive', await around([dialog]));
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    if (!after) {
      // before: closing the confirmation ends the wizard; start it again
      await palette('Hyper-V: Move VM Storage…');
      await wb.answer(page, 'dmz-proxy-01', /Move VM Storage/);
    }
    await waitTitle(/storage on HV-WEST/);
    await wb.answer(page, 'E:\\VMs\\dmz-proxy-01', /storage on HV-WEST/);
    await wb.clickDialogButton(page, /^Start (Migration|Anyway)$/);
    await panelOpen();
    const job = vscode.webviewFrame().locator('[data-job-id][data-vm="dmz-proxy-01"]').first();
    await job.waitFor({ state: 'visible', timeout: 120_000 });
    await page.waitForTimeout(3_000);
    await shot(5, 'storage-panel', await around([page.locator('.part.editor')], 0));
    await waitMovesEnd();
  });

  // ---- 1: Drain Cluster Node on PROD-N3 (n3-tools-01 runs there and is not a role); 4: the panel during resume
  await scene(1, 'Drain PROD-N3', async () => {
    await page.keyboard.press('Escape');
    await panelOpen();
    await wb.runContextMenuItem(page, vscode.treeRow('PROD-N3'), 'Drain Cluster Node…');
    await dialog.waitFor({ state: 'visible', timeout: 120_000 });
    await shot(1, 'drain-confirm');
    if (after) {
      await wb.clickDialogButton(page, 'Drain and Move the Other VM');
      await wb.clickDialogButton(page, /^Start (Migration|Anyway)$/);
    } else {
      await wb.clickDialogButton(page, 'Drain Node');
    }
    await vscode.waitForNotification(/PROD-N3 is drained/, 600_000);
    await waitMovesEnd();
    await page.waitForTimeout(2_000);
    if ((await vscode.notifications()).some((n) => /drained/.test(n))) {
      await shot(1, 'drain-result');
    } else {
      // the toast has faded: show it in the notification center
      await palette('Notifications: Show Notifications');
      await shot(1, 'drain-result');
      await page.keyboard.press('Escape');
    }
  });
  await scene(4, 'Resume PROD-N3, failing roles back: the panel while the roles move back', async () => {
    await page.keyboard.press('Escape');
    await wb.runContextMenuItem(page, vscode.treeRow('PROD-N3'), 'Resume Cluster Node…');
    await wb.answer(page, 'Fail roles back now', /Resume PROD-N3/);
    await vscode.waitForNotification(/PROD-N3 is [Uu]p/, 120_000);
    const deadline = Date.now() + 30_000;
    while ((await treeMoving()).length === 0 && Date.now() < deadline) await page.waitForTimeout(300);
    // after: the panel's rows follow the moves (the first poll may need the poll lane's own cold sessions first)
    const moving = vscode.webviewFrame().locator('.drain[data-node="PROD-N3"] .drain-move[data-move-status="moving"]');
    if (after)
      await moving
        .first()
        .waitFor({ state: 'visible', timeout: 60_000 })
        .catch(() => log('no row showed moving within 60 s'));
    await page.waitForTimeout(1_500);
    await shot(4, 'maintenance');
    await waitMovesEnd();
  });

  // ---- 7: Add Host's third step
  await scene(7, 'Add Host: its steps', async () => {
    await page.keyboard.press('Escape');
    await palette('Hyper-V: Add Host…');
    await waitTitle(/Add Host/);
    await widget.locator('.quick-input-box input').fill('hv-new.corp.contoso.com');
    await page.waitForTimeout(300);
    await page.keyboard.press('Enter');
    // SSH (the first transport offered)
    await waitTitle(/Add Host \(2\//);
    await page.waitForTimeout(800);
    await page.keyboard.press('Enter');
    await waitTitle(/Add Host \(3\//);
    await page.waitForTimeout(1_000);
    await shot(7, 'addhost', await around([widget]));
    for (let i = 0; i < 6 && (await widget.isVisible()); i++) await page.keyboard.press('Escape');
  });
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? e.stack : String(e)}\n`);
  process.exit(1);
});
