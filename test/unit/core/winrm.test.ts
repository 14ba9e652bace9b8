import * as assert from 'node:assert/strict';
import { winrmNote, winrmUnavailableErrorId } from '../../../src/core/connections/winrm';
import { errorDescription, errorTooltip } from '../../../src/core/inventory/tree/rowText';

describe('WinRM off Windows', () => {
  it('the wizard says what WinRM needs on Linux and macOS, and nothing on Windows', () => {
    assert.equal(winrmNote('win32'), undefined);
    assert.match(
      winrmNote('linux') ?? '',
      /^WinRM from Linux needs the PSWSMan module .* cannot use CredSSP; SSH is recommended here\.$/,
    );
    assert.match(winrmNote('darwin') ?? '', /^WinRM from macOS needs/);
  });

  it("the tree names the dispatcher's refusal for what it is, with the whole message in the tooltip", () => {
    const error = {
      host: 'HV01',
      script: 'get-inventory.ps1',
      kind: 'unreachable' as const,
      reason: 'other' as const,
      fullyQualifiedErrorId: winrmUnavailableErrorId,
      message: 'WinRM from Linux or macOS needs a WSMan client for PowerShell 7 (…); reach hv01 over SSH instead (…).',
    };
    assert.equal(errorDescription(error), 'WinRM not available here: use SSH');
    assert.match(errorTooltip(error), /reach hv01 over SSH instead/);
    assert.equal(errorDescription({ ...error, fullyQualifiedErrorId: undefined }), 'unreachable');
  });
});
