// Regenerates cmdlets.json and types.json in this folder from the full real-module data set (see README.md):
//   node --import tsx test/lab/fidelity/real/trim.ts <folder holding the full cmdlets.json and types.json>
// Keeps the commands the lab defines or the product's host scripts call, and the types the lab defines, verbatim.
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const REPO = join(__dirname, '..', '..', '..', '..');
const HERE = __dirname;

type Json = Record<string, unknown>;

function labCommands(): Set<string> {
  const names = new Set<string>();
  for (const mod of ['Hyper-V', 'FailoverClusters']) {
    const psd1 = readFileSync(join(REPO, 'lab', 'modules', mod, `${mod}.psd1`), 'utf8');
    for (const m of psd1.matchAll(/(?:FunctionsToExport|AliasesToExport)\s*=\s*@\(([^)]*)\)/g)) {
      for (const n of m[1]!.matchAll(/'([^']+)'/g)) names.add(n[1]!);
    }
  }
  return names;
}

function scriptCommands(known: Json): Set<string> {
  const names = new Set<string>();
  const dir = join(REPO, 'src', 'scripts');
  for (const f of readdirSync(dir).filter((x) => x.endsWith('.ps1'))) {
    for (const m of readFileSync(join(dir, f), 'utf8').matchAll(/\b([A-Z][a-z]+-[A-Za-z]+)\b/g))
      if (m[1]! in known) names.add(m[1]!);
  }
  return names;
}

/** Full names of the classes and enums the lab's C# declares (namespace + name, nesting flattened). */
function labTypeNames(): Set<string> {
  const names = new Set<string>();
  const dir = join(REPO, 'lab', 'modules', 'LabCore', 'src');
  for (const f of readdirSync(dir).filter((x) => x.endsWith('.cs'))) {
    let ns = '';
    for (const line of readFileSync(join(dir, f), 'utf8').split('\n')) {
      const n = /^\s*namespace\s+([\w.]+)/.exec(line);
      if (n) ns = n[1]!;
      const t = /\b(?:class|enum)\s+(\w+)/.exec(line);
      if (t && ns.startsWith('Microsoft.')) names.add(`${ns}.${t[1]!}`);
    }
  }
  return names;
}

function pick(all: Json, keys: Iterable<string>): Json {
  const out: Json = {};
  for (const k of [...keys].sort()) if (k in all) out[k] = all[k];
  return out;
}

const source = process.argv[2];
if (!source) {
  console.error('usage: trim.ts <folder with the full cmdlets.json and types.json>');
  process.exit(2);
}
const cmdlets = JSON.parse(readFileSync(join(source, 'cmdlets.json'), 'utf8')) as Json;
const types = JSON.parse(readFileSync(join(source, 'types.json'), 'utf8')) as Json;
const commands = new Set([...labCommands(), ...scriptCommands(cmdlets)]);
writeFileSync(join(HERE, 'cmdlets.json'), `${JSON.stringify(pick(cmdlets, commands), null, 1)}\n`);
writeFileSync(join(HERE, 'types.json'), `${JSON.stringify(pick(types, labTypeNames()), null, 1)}\n`);
console.log(
  `kept ${Object.keys(pick(cmdlets, commands)).length} commands, ${Object.keys(pick(types, labTypeNames())).length} types`,
);
