// Runs every bench/*.bench.ts (or those whose name contains an argument), merges their figures into
// bench/results.json as { "figures": { name: number } } and prints a table.
//   npx tsx bench/run.ts            all bench files
//   npx tsx bench/run.ts engine     only files whose name contains "engine" (other figures are kept)
//
// A bench file default-exports `async () => Record<string, number>` (figure name → value).
import '../test/setup';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { targets } from './targets';

type BenchFn = () => Promise<Record<string, number>>;

const RESULTS = join(__dirname, 'results.json');

async function main(): Promise<void> {
  const filters = process.argv.slice(2);
  const files = readdirSync(__dirname)
    .filter((f) => f.endsWith('.bench.ts'))
    .filter((f) => filters.length === 0 || filters.some((x) => f.includes(x)))
    .sort();
  if (files.length === 0) throw new Error(`no bench files match ${filters.join(' ')}`);
  const previous = existsSync(RESULTS)
    ? ((JSON.parse(readFileSync(RESULTS, 'utf8')) as { figures?: Record<string, number> }).figures ?? {})
    : {};
  const figures: Record<string, number> = { ...previous };
  const rows: [string, string, number][] = [];
  let failed = false;
  for (const file of files) {
    process.stdout.write(`running ${file}\n`);
    try {
      const mod = (await import(join(__dirname, file))) as { default?: BenchFn | { default?: BenchFn } };
      // tsx may wrap a CommonJS default export once more.
      const fn = typeof mod.default === 'function' ? mod.default : mod.default?.default;
      if (!fn) throw new Error(`${file} has no default export function`);
      const result = await fn();
      for (const [name, value] of Object.entries(result)) {
        figures[name] = value;
        rows.push([file, name, value]);
      }
    } catch (error) {
      failed = true;
      process.stderr.write(
        `${file} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
      );
    }
  }
  writeFileSync(RESULTS, `${JSON.stringify({ figures }, null, 2)}\n`);
  const width = Math.max(...rows.map(([, n]) => n.length), 6);
  process.stdout.write(
    `\n${'figure'.padEnd(width)}  ${'value'.padStart(12)}  target\n${'-'.repeat(width)}  ------------  ------------\n`,
  );
  for (const [, name, value] of rows) {
    const target = targets[name];
    const shown = (Number.isInteger(value) ? String(value) : value.toFixed(3)).padStart(12);
    process.stdout.write(
      `${name.padEnd(width)}  ${shown}  ${target ? `${target.text.padEnd(8)} ${target.met(value) ? 'met' : 'MISSED'}` : ''}\n`,
    );
  }
  process.stdout.write(`\nwritten to ${RESULTS}\n`);
  if (failed) process.exitCode = 1;
}

main().catch((error: unknown) => {
  process.stderr.write(`${String(error)}\n`);
  process.exit(1);
});
