// Lets tests import host scripts (`import text from '../src/scripts/x.ps1'`) exactly as esbuild's text loader does.
import { readFileSync } from 'node:fs';

type Loader = (module: { exports: unknown }, filename: string) => void;
const extensions = (require as unknown as { extensions: Record<string, Loader> }).extensions;
extensions['.ps1'] = (module, filename) => {
  module.exports = { __esModule: true, default: readFileSync(filename, 'utf8') };
};
