import { strict as assert } from 'node:assert';
import { defaultSettings } from '../../../src/core/acceleration/model';
import { parseExtensionMessage, parsePageMessage, type AdapterView } from '../../../src/core/acceleration/protocol';

const view: AdapterView = {
  key: 'k',
  host: 'HV-EAST',
  vmName: 'web-01',
  adapterName: 'Network Adapter',
  current: defaultSettings,
  facts: { vmState: 'Running', switchName: 'vSwitch-Prod', switchIovEnabled: true },
};

describe('acceleration editor protocol', () => {
  describe('messages from the webview', () => {
    it('accepts ready, apply and copyAsPowerShell with well-typed values', () => {
      assert.deepEqual(parsePageMessage({ type: 'ready' }), { type: 'ready' });
      assert.deepEqual(parsePageMessage({ type: 'apply', values: { ipsecOffloadMaxSA: 0 } }), {
        type: 'apply',
        values: { ipsecOffloadMaxSA: 0 },
      });
      assert.deepEqual(
        parsePageMessage({ type: 'copyAsPowerShell', values: { vrssEnabled: false, iovInterruptModeration: 'High' } }),
        {
          type: 'copyAsPowerShell',
          values: { vrssEnabled: false, iovInterruptModeration: 'High' },
        },
      );
    });

    it('drops anything malformed', () => {
      for (const bad of [
        null,
        'ready',
        [],
        {},
        { type: 'unknown' },
        { type: 'ready', extra: 1 },
        { type: 'apply' },
        { type: 'apply', values: null },
        { type: 'apply', values: [] },
        { type: 'apply', values: { vmqWeight: '0' } },
        { type: 'apply', values: { vmqWeight: Infinity } },
        { type: 'apply', values: { vrssEnabled: 1 } },
        { type: 'apply', values: { iovInterruptModeration: 'Turbo' } },
        { type: 'apply', values: { __proto__: { vmqWeight: 1 }, script: 'Remove-VM' } },
        { type: 'apply', values: { vmqWeight: 0 }, host: 'other' },
      ]) {
        assert.equal(parsePageMessage(bad), undefined, JSON.stringify(bad));
      }
    });
  });

  describe('messages from the extension', () => {
    it('accepts state, result and refused', () => {
      const state = { type: 'state', adapters: [view], values: { vmqWeight: 100 }, warnings: ['w'] };
      assert.deepEqual(parseExtensionMessage(state), state);
      const result = {
        type: 'result',
        outcomes: [
          {
            key: 'k',
            label: 'web-01',
            ok: true,
            readBack: { ...defaultSettings, ipsecOffloadSAUsage: 0, iovUsage: 0 },
            facts: view.facts,
          },
          {
            key: 'k2',
            label: 'web-02',
            ok: false,
            error: { message: 'refused', fullyQualifiedErrorId: 'InvalidParameter,X' },
          },
        ],
      };
      assert.deepEqual(parseExtensionMessage(result), result);
      assert.ok(parseExtensionMessage({ type: 'refused', problems: [{ field: 'vmqWeight', reason: 'r' }] }));
    });

    it('drops anything malformed', () => {
      for (const bad of [
        undefined,
        { type: 'state', adapters: [], values: {}, warnings: [] },
        {
          type: 'state',
          adapters: [{ ...view, current: { ...defaultSettings, vmqWeight: 'x' } }],
          values: {},
          warnings: [],
        },
        { type: 'state', adapters: [{ ...view, current: { vmqWeight: 1 } }], values: {}, warnings: [] },
        { type: 'state', adapters: [{ ...view, facts: {} }], values: {}, warnings: [] },
        { type: 'state', adapters: [view], values: {}, warnings: [1] },
        { type: 'result', outcomes: [{ key: 'k', label: 'l', ok: 'yes' }] },
        { type: 'result', outcomes: [{ key: 'k', label: 'l', ok: false, error: { message: 5 } }] },
        {
          type: 'result',
          outcomes: [{ key: 'k', label: 'l', ok: true, readBack: { ...defaultSettings, iovUsage: 'x' } }],
        },
        { type: 'refused', problems: [{ field: 'x' }] },
      ]) {
        assert.equal(parseExtensionMessage(bad), undefined, JSON.stringify(bad));
      }
    });
  });
});
