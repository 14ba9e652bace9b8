import { strict as assert } from 'node:assert';
import { accelerationScript } from '../../../src/core/acceleration/copyAsPowerShell';
import { quotePs } from '../../../src/core/powershell/quote';
import { havePwsh, hostileValues, parsePowerShell as parse } from '../../support/psParse';
import type { AdapterRef } from '../../../src/core/acceleration/model';

const hostile = hostileValues;

describe('Copy as PowerShell', function () {
  this.timeout(60_000);

  it('quotes single-quoted literals, doubling every kind of quote PowerShell accepts', () => {
    assert.equal(quotePs("it's"), "'it''s'");
    assert.equal(quotePs('a\u2019b'), "'a\u2019\u2019b'");
    assert.equal(quotePs('$(x)'), "'$(x)'");
  });

  it('addresses each adapter by VM Id and adapter Id and passes only the changed settings', () => {
    const ref: AdapterRef = {
      host: 'HV-EAST',
      vmId: '5f1c…',
      vmName: 'web-01',
      adapterId: 'Microsoft:5F1C\\AB',
      adapterName: 'Network Adapter',
    };
    const script = accelerationScript([ref], {
      ipsecOffloadMaxSA: 0,
      vrssEnabled: false,
      iovInterruptModeration: 'High',
    });
    assert.match(script, /Get-VM -Id '5f1c…'/);
    assert.match(script, /\$_\.Id -eq 'Microsoft:5F1C\\AB'/);
    assert.match(
      script,
      /Set-VMNetworkAdapter -IPsecOffloadMaximumSecurityAssociation 0 -IovInterruptModeration 'High' -VrssEnabled \$false$/m,
    );
    assert.doesNotMatch(script, /-Name|-VMName/);
  });

  it('gives one host one section whatever case its name is written in, as applying the change groups it', () => {
    const ref = (host: string, vmId: string): AdapterRef => ({
      host,
      vmId,
      vmName: vmId,
      adapterId: `${vmId}-nic`,
      adapterName: 'Network Adapter',
    });
    const script = accelerationScript([ref('HV-EAST', 'a'), ref('hv-east', 'b'), ref('HV-WEST', 'c')], {
      vrssEnabled: false,
    });
    assert.deepEqual(script.match(/^# Run on host .*$/gm), ['# Run on host HV-EAST', '# Run on host HV-WEST']);
    assert.ok(
      script.indexOf("Get-VM -Id 'b'") < script.indexOf('# Run on host HV-WEST'),
      'the second VM of HV-EAST stays in its section',
    );
  });

  it('keeps hostile names and ids as data: PowerShell parses them as single-quoted strings and no other command appears', async function () {
    if (!havePwsh()) this.skip();
    const refs: AdapterRef[] = hostile.map((h, i) => ({
      host: `HOST-${i}\n${h}`,
      vmId: h,
      vmName: h,
      adapterId: `${h}-adapter`,
      adapterName: h,
    }));
    const script = accelerationScript(refs, { vmqWeight: 0 });
    const parsed = await parse(script);
    assert.deepEqual(parsed.errors, []);
    assert.deepEqual([...new Set(parsed.commands)].sort(), [
      'Get-VM',
      'Get-VMNetworkAdapter',
      'Set-VMNetworkAdapter',
      'Where-Object',
    ]);
    for (const h of hostile) {
      assert.ok(parsed.strings.includes(h), `vm id ${JSON.stringify(h)} survives as one string`);
      assert.ok(parsed.strings.includes(`${h}-adapter`), `adapter id ${JSON.stringify(h)} survives as one string`);
    }
  });
});
