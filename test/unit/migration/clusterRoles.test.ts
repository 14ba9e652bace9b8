// Case 9 of issue 10: a roll-back gives the cluster role back under the name the removed group had, and every
// cluster script addresses the VM by its Id.
import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { world } from './executorWorld';

const scripts = join(__dirname, '..', '..', '..', 'src', 'scripts');

describe('cluster roles (case 9)', () => {
  it("a failed move out of a cluster gives the role back under its own name, not the VM's", async () => {
    const w = world();
    w.hosts.vms.get(w.e.sql.id)!.group = 'SQL Production Role';
    w.hosts.failAt.set(w.e.sql.id.toLowerCase(), 40);
    const s = w.service();
    const job = s.start(w.plan({ vm: w.ref(w.e.sql), destination: { type: 'host', host: 'HV-B' } }));
    await w.runFor(15_000);
    assert.equal(s.job(job.id)!.status, 'failed');
    const vm = w.hosts.vms.get(w.e.sql.id)!;
    assert.deepEqual([vm.host, vm.clustered, vm.group], ['A-N1', true, 'SQL Production Role']);
    const add = w.hosts.requests.find((r) => r.script === 'cluster-add-role.ps1');
    assert.equal(add?.parameters.RoleName, 'SQL Production Role');
    w.end();
  });

  it('every cluster script addresses the VM by -VMId, never by a piped VM object or its name', () => {
    for (const f of readdirSync(scripts).filter((x) => x.startsWith('cluster-') && x.endsWith('.ps1'))) {
      const text = readFileSync(join(scripts, f), 'utf8');
      const code = text.replace(/<#[\s\S]*?#>/g, '').replace(/#.*$/gm, '');
      assert.doesNotMatch(
        code,
        /\|\s*(Add-ClusterVirtualMachineRole|Remove-ClusterGroup|Move-ClusterVirtualMachineRole|Get-ClusterGroup)/,
        `${f} pipes an object into a cluster cmdlet`,
      );
      for (const m of code.matchAll(
        /(Add-ClusterVirtualMachineRole|Remove-ClusterGroup|Move-ClusterVirtualMachineRole|Get-ClusterGroup)\b([^\n]*)/g,
      )) {
        assert.match(m[2]!, /-VMId \$VmId|@\w+/, `${f}: ${m[0]}`);
      }
      if (/Add-ClusterVirtualMachineRole/.test(code))
        assert.match(code, /VMId = \$VmId/, `${f} adds the role by VM Id`);
    }
  });
});
