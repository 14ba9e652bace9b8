// Every answer of a fast command arrives: node-powershell finds a command's end marker by position in the first chunk
// it reads, so nothing may follow the marker in that chunk (see NodePowerShellProcess's TERM).
import { strict as assert } from 'node:assert';
import { NodePowerShellProcess } from '../../../src/engine/nodePowerShellProcess';
import { PWSH } from '../../support/lab';

describe('answers of fast commands in a real PowerShell', function () {
  this.timeout(120_000);
  let pwsh: NodePowerShellProcess;

  before(() => {
    pwsh = new NodePowerShellProcess(PWSH);
  });

  after(async () => {
    await pwsh?.dispose();
  });

  it('300 commands that answer at once each get their answer, with nothing but the answer in it', async () => {
    for (let i = 0; i < 300; i++) {
      let timer: NodeJS.Timeout | undefined;
      const answered = await Promise.race([
        pwsh.invoke(`[Console]::Out.WriteLine('answer ${i}')`).then((o) => o.stdout),
        new Promise<undefined>((resolve) => (timer = setTimeout(resolve, 10_000, undefined))),
      ]);
      clearTimeout(timer);
      assert.ok(answered !== undefined, `command ${i} of 300 got no answer within 10 s`);
      assert.equal(answered, `answer ${i}`, 'the answer holds what the command wrote and no terminal codes');
    }
  });
});
