import { strict as assert } from 'node:assert';
import { mkdtempSync, readdirSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { findPs51Violations, findPs51ViolationsMany } from '../../support/ps51';

const root = resolve(__dirname, '../../..');
const dispatcherParts = ['bootstrap.ps1', 'sessions.ps1', 'dispatcher.ps1'].map((f) => join(root, 'src/engine/ps', f));

describe('Windows PowerShell 5.1 compatibility', function () {
  // Spawns pwsh to use its parser.
  this.timeout(60_000);

  it('the dispatcher (its three parts, the bootstrap among them) uses no PowerShell 7-only syntax', async () => {
    const report = await findPs51ViolationsMany(dispatcherParts);
    assert.deepEqual(
      [...report].filter(([, v]) => v.length > 0),
      [],
    );
    assert.equal(report.size, 3);
  });

  it('every bundled host script uses no PowerShell 7-only syntax', async () => {
    const dir = join(root, 'src/scripts');
    const files = existsSync(dir)
      ? readdirSync(dir)
          .filter((f) => f.endsWith('.ps1'))
          .map((f) => join(dir, f))
      : [];
    const report = await findPs51ViolationsMany(files);
    const failures = [...report].filter(([, v]) => v.length > 0).map(([f, v]) => `${f}:\n  ${v.join('\n  ')}`);
    assert.deepEqual(failures, []);
  });

  it('catches each kind of violation, with its line', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'ps51-')), 'violations.ps1');
    writeFileSync(
      file,
      [
        '$a = $true ? 1 : 2', // 1
        '$b = $null ?? 3', // 2
        '$c ??= 4', // 3
        '$d = ${x}?.Name', // 4
        '$e = ${x}?.ToString()', // 5
        'Get-Item . && Get-Item .', // 6
        '1..3 | ForEach-Object -Parallel { $_ }', // 7
        '$f = ConvertFrom-Json -InputObject "{}" -AsHashtable', // 8
        'function Test-Clean { process { 1 } clean { 2 } }', // 9
        '$g = ${x}?[0]', // 10
        'Get-Item . || Get-Item .', // 11
        '1..3 | % -Par { $_ }', // 12
        'Start-Sleep 1 &', // 13
        '$ok = if ($a) { 1 } else { 2 }', // 14: fine in 5.1
      ].join('\n'),
    );
    const found = await findPs51Violations(file);
    const expected = [
      'line 1: ternary operator ?:',
      'line 2: null-coalescing operator ??',
      'line 3: null-coalescing assignment ??=',
      'line 4: null-conditional member access ?.',
      'line 5: null-conditional member access ?.',
      'line 6: pipeline chain && / ||',
      'line 7: ForEach-Object -Parallel',
      'line 8: ConvertFrom-Json -AsHashtable',
      'line 9: clean block',
      'line 10: null-conditional index ?[]',
      'line 11: pipeline chain && / ||',
      'line 12: ForEach-Object -Parallel',
      'line 13: background operator &',
    ];
    for (const violation of expected)
      assert.ok(found.includes(violation), `missing "${violation}" in:\n${found.join('\n')}`);
    assert.ok(!found.some((v) => v.startsWith('line 14:')), 'if/else is fine in 5.1');
  });
});
