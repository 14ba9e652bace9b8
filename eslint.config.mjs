import js from '@eslint/js';
import { builtinModules } from 'node:module';
import tseslint from 'typescript-eslint';

// Layer arrows (README, Design): ui → app → core → contract ← engine, webview pages → core; src/extension.ts composes
// them and is the only file outside src/ui that imports vscode. Each src folder names the src folders it may import
// from; a relative import that climbs out of the folder must land in one of them. The climb is counted per file depth
// (a file in src/core/migration needs `../../` to reach src), so a subfolder that shares a layer's name (src/core/webview)
// is no false alarm.
const MAX_DEPTH = 6; // deepest src file today: src/core/readiness/operations/*.ts (3)
const vscode = { name: 'vscode', message: 'Only src/ui and src/extension.ts talk to VS Code.' };
const escape = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const nodeModules = {
  regex: `^(node:|(${builtinModules.map(escape).join('|')})(/|$))`,
  message: 'core also runs in the webview pages: no Node modules.',
};
function layer(folder, allowed, { paths = [vscode], patterns = [] } = {}) {
  return Array.from({ length: MAX_DEPTH }, (_, i) => ({
    files: [`src/${folder}/${'*/'.repeat(i)}*.ts`],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths,
          patterns: [
            {
              regex: `^(\\.\\./){${i + 1}}(?!(${allowed.join('|')})(/|$))`,
              message: `src/${folder} imports from ${allowed.map((a) => `src/${a}`).join(', ')} only (README, Design).`,
            },
            ...patterns,
          ],
        },
      ],
    },
  }));
}

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'out/**',
      'node_modules/**',
      '.e2e/**',
      '.lab/**',
      '.tools/**',
      'bench/.work/**',
      'test-results/**',
      'esbuild.mjs',
      'eslint.config.mjs',
      'scripts/render-icon.mjs',
      'media/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      eqeqeq: ['error', 'always'],
    },
  },
  // Any other src folder, a new one included: no vscode.
  {
    files: ['src/**/*.ts'],
    ignores: ['src/ui/**', 'src/extension.ts'],
    rules: { '@typescript-eslint/no-restricted-imports': ['error', { paths: [vscode] }] },
  },
  {
    files: [`src/*/${'*/'.repeat(MAX_DEPTH)}**/*.ts`],
    rules: {
      'no-restricted-syntax': [
        'error',
        { selector: 'Program', message: 'Deeper than the layer rules reach: raise MAX_DEPTH.' },
      ],
    },
  },
  ...layer('contract', ['contract'], {
    patterns: [{ regex: '^[^.]', message: 'The contract is plain TypeScript: no modules.' }],
  }),
  ...layer('core', ['core', 'contract', 'scripts'], { patterns: [nodeModules] }),
  ...layer('engine', ['engine', 'contract'], {
    patterns: [
      {
        regex: '^(?![./]|node:|node-powershell$)',
        message: 'The engine uses Node builtins (node:…) and node-powershell only.',
      },
    ],
  }),
  ...layer('app', ['app', 'core', 'contract']),
  ...layer('ui', ['ui', 'app', 'core', 'contract'], { paths: [] }),
  ...layer('webview', ['webview', 'core'], {
    patterns: [{ regex: '^[^.]', message: 'A webview page runs in the browser: no vscode, Node or npm modules.' }],
  }),
  {
    files: ['test/**/*.ts', 'bench/**/*.ts', 'docs/**/*.ts'],
    rules: {
      // mocha's describe/it return values are not promises to await
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
    },
  },
);
