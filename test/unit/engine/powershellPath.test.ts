import { strict as assert } from 'node:assert';
import { resolvePowerShellPath } from '../../../src/engine/powershellPath';

describe('resolvePowerShellPath', () => {
  const nothing = (): undefined => undefined;

  it('uses the setting first, trimmed', () => {
    assert.deepEqual(
      resolvePowerShellPath({ configured: '  /opt/pwsh/pwsh ', platform: 'linux', findOnPath: () => '/usr/bin/pwsh' }),
      {
        path: '/opt/pwsh/pwsh',
        source: 'setting',
      },
    );
  });

  it('ignores a blank setting and finds pwsh on PATH', () => {
    assert.deepEqual(
      resolvePowerShellPath({
        configured: ' ',
        platform: 'linux',
        findOnPath: (n) => (n === 'pwsh' ? '/usr/bin/pwsh' : undefined),
      }),
      {
        path: '/usr/bin/pwsh',
        source: 'path',
      },
    );
  });

  it('looks for pwsh.exe on Windows and falls back to Windows PowerShell', () => {
    const seen: string[] = [];
    const found = resolvePowerShellPath({ platform: 'win32', findOnPath: (n) => (seen.push(n), undefined) });
    assert.deepEqual(found, { path: 'powershell.exe', source: 'windows' });
    assert.deepEqual(seen, ['pwsh.exe', 'powershell.exe']);
    assert.equal(
      resolvePowerShellPath({
        platform: 'win32',
        findOnPath: (n) => (n === 'pwsh.exe' ? 'C:\\pwsh\\pwsh.exe' : undefined),
      })?.path,
      'C:\\pwsh\\pwsh.exe',
    );
  });

  it('finds nothing elsewhere without pwsh', () => {
    assert.equal(resolvePowerShellPath({ platform: 'darwin', findOnPath: nothing }), undefined);
  });
});
