// `npm run package` as a publisher runs it: the .vsix it makes (the same one the end-to-end tests install) holds what
// the extension needs and nothing of the sources, tests, lab or tools, stays under 1 MB, and every file the manifest
// points to (icon, walkthrough pages, stylesheets, scripts) is inside it.
import { strict as assert } from 'node:assert';
import { execFile } from 'node:child_process';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { REPO } from '../../support/lab';
import { zipEntries, zipText, type ZipEntry } from '../../support/zip';

interface Manifest {
  icon: string;
  license: string;
  repository: { url: string };
  bugs: { url: string };
  homepage: string;
  keywords: string[];
  extensionKind: string[];
  capabilities: Record<string, { supported: boolean; description: string }>;
  contributes: { walkthroughs: { steps: { media: { markdown?: string; image?: string } }[] }[] };
}

const vsix = join(REPO, 'dist', 'hyperv-mobility.vsix');

describe('the published package (npm run package)', function () {
  // Type-check, production bundle and vsce, on a machine other tests load too.
  this.timeout(900_000);
  let entries: ZipEntry[];
  let names: string[];
  let manifest: Manifest;

  before(async () => {
    const started = Date.now();
    await new Promise<void>((resolve, reject) =>
      execFile(
        'npm',
        ['run', 'package', '--silent'],
        { cwd: REPO, maxBuffer: 64 * 1024 * 1024 },
        (error, _stdout, stderr) => (error ? reject(new Error(`npm run package failed: ${stderr}`)) : resolve()),
      ),
    );
    assert.ok(statSync(vsix).mtimeMs >= started - 1000, 'npm run package wrote a new .vsix');
    entries = zipEntries(vsix);
    names = entries.map((e) => e.name);
    manifest = JSON.parse(zipText(vsix, 'extension/package.json')) as Manifest;
  });

  it('holds nothing from src, test, lab, .e2e, node_modules or the tools', () => {
    const forbidden = names.filter(
      (n) =>
        /^extension\/(src|test|lab|bench|scripts|\.e2e|\.lab|\.tools|node_modules|out)\//.test(n) ||
        /\.(ts|map|ps1)$/.test(n),
    );
    assert.deepEqual(forbidden, []);
  });

  it('holds the license, README, changelog, icon, the bundle, the webview scripts and the media', () => {
    for (const want of [
      'extension/LICENSE.txt',
      'extension/readme.md',
      'extension/changelog.md',
      'extension/package.json',
      'extension/media/icon.png',
      'extension/dist/extension.js',
      'extension/dist/webview/readiness.js',
      'extension/dist/webview/migrations.js',
      'extension/dist/webview/acceleration.js',
      'extension/dist/webview/codicons/codicon.ttf',
      'extension/media/webview.css',
      'extension/media/readiness.css',
      'extension/media/hyperv.svg',
    ]) {
      assert.ok(names.includes(want), `${want} missing; the package holds ${names.join(', ')}`);
    }
  });

  it('is under 1 MB', () => {
    const size = statSync(vsix).size;
    assert.ok(size < 1024 * 1024, `${size} bytes`);
  });

  it('every file the manifest points to is inside: the icon and each walkthrough step', () => {
    const wanted = [
      manifest.icon,
      ...manifest.contributes.walkthroughs.flatMap((w) => w.steps.map((s) => s.media.markdown ?? s.media.image ?? '')),
    ];
    assert.equal(wanted.length, 6);
    for (const file of wanted)
      assert.ok(names.includes(`extension/${file}`), `${file} (named in package.json) is not in the package`);
    assert.equal(zipEntry(entries, `extension/${manifest.icon}`)?.size, statSync(join(REPO, manifest.icon)).size);
  });

  it('declares what the Marketplace shows and where it may run', () => {
    assert.equal(manifest.license, 'MIT');
    assert.match(manifest.repository.url, /^https:\/\/github\.com\/hyperv-mobility\/hyperv-mobility/);
    assert.match(manifest.bugs.url, /\/issues$/);
    assert.ok(manifest.homepage.startsWith('https://'));
    assert.ok(manifest.keywords.includes('hyper-v'));
    assert.deepEqual(manifest.extensionKind, ['workspace']);
    for (const kind of ['untrustedWorkspaces', 'virtualWorkspaces']) {
      assert.equal(manifest.capabilities[kind]?.supported, false);
      assert.ok((manifest.capabilities[kind]?.description.length ?? 0) > 20, `${kind} says why`);
    }
  });
});

function zipEntry(entries: readonly ZipEntry[], name: string): ZipEntry | undefined {
  return entries.find((e) => e.name === name);
}
