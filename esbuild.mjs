// Bundles the extension (Node, CommonJS) and the webview scripts (browser, IIFE).
// Host scripts (.ps1) are bundled as text so the bytes sent to a host are the bytes in src/scripts.
import * as esbuild from 'esbuild';
import { copyFileSync, existsSync, mkdirSync, rmSync } from 'node:fs';

const watch = process.argv.includes('--watch');
const production = process.argv.includes('--production');
// A production build starts from an empty dist/: source maps of an earlier development build must not be packaged.
if (production) rmSync('dist', { recursive: true, force: true });

const common = {
  bundle: true,
  minify: production,
  sourcemap: !production,
  logLevel: 'info',
  loader: { '.ps1': 'text' },
};

const configs = [
  {
    ...common,
    entryPoints: ['src/extension.ts'],
    outfile: 'dist/extension.js',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode'],
  },
];
for (const entry of [
  'src/webview/migrations/main.ts',
  'src/webview/acceleration/main.ts',
  'src/webview/readiness/main.ts',
]) {
  if (existsSync(entry)) {
    configs.push({
      ...common,
      entryPoints: [entry],
      outfile: entry.replace('src/webview/', 'dist/webview/').replace('/main.ts', '.js'),
      platform: 'browser',
      format: 'iife',
      target: 'es2022',
    });
  }
}

// Webviews draw their icons with VS Code's codicon font, served from the extension like the scripts (CSP: self only).
mkdirSync('dist/webview/codicons', { recursive: true });
for (const f of ['codicon.css', 'codicon.ttf'])
  copyFileSync(`node_modules/@vscode/codicons/dist/${f}`, `dist/webview/codicons/${f}`);

if (watch) {
  for (const c of configs) {
    const ctx = await esbuild.context(c);
    await ctx.watch();
  }
} else {
  await Promise.all(configs.map((c) => esbuild.build(c)));
}
