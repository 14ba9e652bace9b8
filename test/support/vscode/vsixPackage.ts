// The extension as a .vsix built from this repository's sources, for code-server to install.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { childEnv } from './childEnv';
import { e2eDir, repoRoot } from './paths';

const vsixPath = path.join(repoRoot, 'dist', 'hyperv-mobility.vsix');

function newestMtime(entry: string): number {
  if (!existsSync(entry)) return 0;
  const st = statSync(entry);
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = st.mtimeMs;
  for (const child of readdirSync(entry)) newest = Math.max(newest, newestMtime(path.join(entry, child)));
  return newest;
}

function mtime(file: string): number {
  return existsSync(file) ? statSync(file).mtimeMs : 0;
}

function run(command: string, args: string[], what: string): void {
  const result = spawnSync(command, args, {
    cwd: repoRoot,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    env: childEnv({}),
  });
  if (result.status !== 0) {
    const output = `${result.stdout ?? ''}${result.stderr ?? ''}`.trim().split('\n').slice(-40).join('\n');
    throw new Error(`${what} failed (${command} ${args.join(' ')} → ${result.status ?? result.signal}):\n${output}`);
  }
}

/** The vsce ignore list used while the repository has no .vscodeignore (vsce would otherwise pack .e2e/, .lab/, …). */
// (vsce applies the negations after the exclusions, so list what to keep, not what to drop again.)
const fallbackVscodeignore = [
  '**',
  '!package.json',
  '!dist/**/*.js',
  '!dist/**/*.map',
  '!dist/**/*.css',
  '!media/**',
  '!LICENSE*',
  '!.e2e/README.md',
  '',
].join('\n');

/** Same as `npm run package`, with an ignore list that keeps only what the extension ships. */
function packageWithFallbackIgnore(): void {
  mkdirSync(e2eDir, { recursive: true });
  const ignoreFile = path.join(e2eDir, 'vscodeignore');
  writeFileSync(ignoreFile, fallbackVscodeignore);
  // vsce refuses a README with relative images when package.json has no repository: ship a plain one.
  const readme = path.join(e2eDir, 'README.md');
  writeFileSync(readme, '# Hyper-V Mobility\n\nBuilt for the end-to-end tests.\n');
  run(
    path.join(repoRoot, 'node_modules', '.bin', 'vsce'),
    [
      'package',
      '--no-dependencies',
      '--allow-missing-repository',
      '--skip-license',
      '--ignoreFile',
      ignoreFile,
      '--readme-path',
      path.relative(repoRoot, readme),
      '-o',
      vsixPath,
    ],
    'packaging the extension (vsce with .e2e/vscodeignore: the repository has no .vscodeignore)',
  );
}

/**
 * Makes sure dist/hyperv-mobility.vsix holds the current sources: `npm run build` when a file in src/ (or
 * package.json) is newer than dist/extension.js, then `npm run package` when the .vsix is older than the build.
 * Asked on every start, it costs a walk of the sources' times once everything is up to date. E2E_SKIP_BUILD=1 uses
 * the .vsix as it is.
 */
export function ensureVsix(): Promise<string> {
  return Promise.resolve().then(() => {
    if (process.env.E2E_SKIP_BUILD === '1') {
      if (!existsSync(vsixPath))
        throw new Error(`E2E_SKIP_BUILD=1 but ${vsixPath} does not exist (npm run build && npm run package)`);
      return vsixPath;
    }
    const extensionJs = path.join(repoRoot, 'dist', 'extension.js');
    const packageJson = path.join(repoRoot, 'package.json');
    const sources = Math.max(
      newestMtime(path.join(repoRoot, 'src')),
      mtime(packageJson),
      mtime(path.join(repoRoot, 'esbuild.mjs')),
    );
    if (mtime(extensionJs) < sources) run('npm', ['run', 'build', '--silent'], 'building the extension');
    const built = Math.max(
      mtime(extensionJs),
      newestMtime(path.join(repoRoot, 'dist', 'webview')),
      mtime(packageJson),
      newestMtime(path.join(repoRoot, 'media')),
    );
    if (mtime(vsixPath) < built) {
      const pkg = JSON.parse(readFileSync(packageJson, 'utf8')) as { files?: unknown };
      if (existsSync(path.join(repoRoot, '.vscodeignore')) || pkg.files !== undefined)
        run('npm', ['run', 'package', '--silent'], 'packaging the extension');
      else packageWithFallbackIgnore();
    }
    return vsixPath;
  });
}
