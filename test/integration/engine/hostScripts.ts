// Loads the test-only host scripts (test/support/hostScripts) as operations, exactly as bundled scripts are.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { HostOperation, Parameters } from '../../../src/contract/hostOperation';

const DIR = join(__dirname, '../../support/hostScripts');

export function scriptText(name: string): string {
  return readFileSync(join(DIR, name), 'utf8');
}

export function operation<R = unknown>(
  name: string,
  parameters: Parameters = {},
  parse: (v: unknown) => R = (v) => v as R,
  idempotent = true,
): HostOperation<R> {
  return { script: { name, text: scriptText(name) }, parameters, idempotent, parse };
}
