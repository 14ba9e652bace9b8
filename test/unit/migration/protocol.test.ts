import * as assert from 'node:assert/strict';
import type { DrainView, JobView } from '../../../src/core/migration/view/jobView';
import { dispatchWebviewMessage, type PanelHandlers } from '../../../src/core/migration/view/panelMessages';
import {
  maxIdLength,
  parseExtensionMessage,
  parsePageMessage,
  type PageToExtension,
} from '../../../src/core/migration/view/protocol';

const jobView: JobView = {
  id: 'j1',
  vmName: "<img src=x onerror=alert(1)>'; Remove-VM",
  source: 'HV-EAST',
  destination: 'WEST-N1',
  destinationCluster: 'CL-WEST',
  kind: 'standaloneToCluster',
  kindLabel: 'Standalone host → cluster',
  status: 'running',
  phase: 'Step 1 of 2: Move the VM',
  percent: 42,
  elapsedSeconds: 83,
  timeLeftSeconds: 115,
  throughputBytesPerSecond: 412 * 1024 ** 2,
  cancellable: true,
  copyable: true,
  steps: [
    { label: 'Move the VM', host: 'HV-EAST', status: 'running' },
    { label: 'Make the VM a cluster role', host: 'WEST-N1', status: 'pending', message: 'waiting' },
  ],
};
const finished: JobView = {
  ...jobView,
  id: 'j2',
  status: 'failed',
  percent: 40,
  timeLeftSeconds: undefined,
  throughputBytesPerSecond: undefined,
  cancellable: false,
  outcome: 'failed',
  outcomeText: 'on HV-EAST, Running',
  error: 'There is not enough space on the disk.',
  errorId: 'VMMigrationFailed',
};
const drain: DrainView = {
  cluster: 'CL-EAST',
  node: 'EAST-N2',
  status: 'draining',
  phase: 'Draining',
  percent: 50,
  migrationsRunning: 1,
  nodeState: 'Paused',
  moves: [{ vmName: 'sql-03', status: 'moving', percent: 40, text: 'moving to EAST-N1 · 40 %' }],
};
const state = { type: 'state', jobs: [jobView, finished], drains: [drain] };

describe('migrations panel protocol', () => {
  describe('messages from the webview', () => {
    it('accepts each valid message', () => {
      const valid: PageToExtension[] = [
        { type: 'ready' },
        { type: 'cancel', id: 'j1' },
        { type: 'copyAsPowerShell', id: 'j1' },
        { type: 'showLog' },
        { type: 'clearFinished' },
        { type: 'cancel', id: 'x'.repeat(maxIdLength) },
      ];
      for (const m of valid) assert.deepEqual(parsePageMessage(m), m);
    });

    it('drops anything malformed', () => {
      for (const bad of [
        undefined,
        null,
        'ready',
        42,
        [],
        [{ type: 'ready' }],
        {},
        { type: 'unknown' },
        { type: 'READY' },
        { type: 'ready', extra: 1 },
        { type: 'showLog', id: 'j1' },
        { type: 'cancel' },
        { type: 'cancel', id: 42 },
        { type: 'cancel', id: '' },
        { type: 'cancel', id: ['j1'] },
        { type: 'cancel', id: 'x'.repeat(maxIdLength + 1) },
        { type: 'copyAsPowerShell', id: 'j1', script: 'Remove-VM' },
        JSON.parse('{"type":"cancel","id":"j1","__proto__":{"evil":true}}'),
      ]) {
        assert.equal(parsePageMessage(bad), undefined, JSON.stringify(bad) ?? String(bad));
      }
    });
  });

  describe('messages from the extension', () => {
    it('accepts a full state, and an empty one', () => {
      assert.deepEqual(parseExtensionMessage(state), state);
      assert.deepEqual(parseExtensionMessage({ type: 'state', jobs: [], drains: [] }), {
        type: 'state',
        jobs: [],
        drains: [],
      });
    });

    it('drops anything malformed', () => {
      const withJob = (change: Record<string, unknown>): unknown => ({ ...state, jobs: [{ ...jobView, ...change }] });
      const withDrain = (change: Record<string, unknown>): unknown => ({ ...state, drains: [{ ...drain, ...change }] });
      for (const [what, bad] of [
        ['not an object', 'state'],
        ['null', null],
        ['array', [state]],
        ['wrong type', { ...state, type: 'result' }],
        ['unknown key', { ...state, html: '<b>' }],
        ['jobs missing', { type: 'state', drains: [] }],
        ['jobs not an array', { ...state, jobs: {} }],
        ['job not an object', { ...state, jobs: ['j1'] }],
        ['unknown job key', withJob({ innerHTML: '<img>' })],
        ['bad status', withJob({ status: 'exploded' })],
        ['bad kind', withJob({ kind: 'teleport' })],
        ['kind from the prototype', withJob({ kind: 'toString' })],
        ['bad outcome', withJob({ outcome: 'maybe' })],
        ['percent a string', withJob({ percent: '42' })],
        ['percent over 100', withJob({ percent: 101 })],
        ['percent not whole', withJob({ percent: 4.2 })],
        ['negative elapsed', withJob({ elapsedSeconds: -1 })],
        ['NaN time left', withJob({ timeLeftSeconds: NaN })],
        ['vm name not a string', withJob({ vmName: 7 })],
        ['cancellable not a boolean', withJob({ cancellable: 'yes' })],
        ['oversized id', withJob({ id: 'x'.repeat(maxIdLength + 1) })],
        ['empty id', withJob({ id: '' })],
        ['steps missing', withJob({ steps: undefined })],
        ['bad step status', withJob({ steps: [{ label: 'a', host: 'h', status: 'exploded' }] })],
        ['unknown step key', withJob({ steps: [{ label: 'a', host: 'h', status: 'done', x: 1 }] })],
        ['duplicate job ids', { ...state, jobs: [jobView, jobView] }],
        ['bad drain status', withDrain({ status: 'resting' })],
        ['unknown drain key', withDrain({ extra: true })],
        ['drain count a string', withDrain({ migrationsRunning: '1' })],
      ] as const) {
        assert.equal(parseExtensionMessage(bad), undefined, what);
      }
    });
  });

  describe('host side receive', () => {
    function recorder(): {
      handlers: PanelHandlers;
      calls: string[];
      errors: string[];
      log: { error(m: string): void };
    } {
      const calls: string[] = [];
      const errors: string[] = [];
      const handlers: PanelHandlers = {
        ready: () => calls.push('ready'),
        cancel: (m) => calls.push(`cancel ${m.id}`),
        copyAsPowerShell: (m) => calls.push(`copy ${m.id}`),
        showLog: () => calls.push('showLog'),
        clearFinished: () => calls.push('clearFinished'),
      };
      return { handlers, calls, errors, log: { error: (m) => errors.push(m) } };
    }

    it('hands each valid message to its handler', () => {
      const r = recorder();
      for (const m of [
        { type: 'ready' },
        { type: 'cancel', id: 'j1' },
        { type: 'copyAsPowerShell', id: 'j2' },
        { type: 'showLog' },
        { type: 'clearFinished' },
      ]) {
        assert.equal(dispatchWebviewMessage(m, r.handlers, r.log), true);
      }
      assert.deepEqual(r.calls, ['ready', 'cancel j1', 'copy j2', 'showLog', 'clearFinished']);
      assert.deepEqual(r.errors, []);
    });

    it('drops a malformed message and logs it, shortened', () => {
      const r = recorder();
      assert.equal(
        dispatchWebviewMessage({ type: 'cancel', id: 'j1', also: 'x'.repeat(10_000) }, r.handlers, r.log),
        false,
      );
      assert.equal(dispatchWebviewMessage({ type: 'cancel', id: 1 }, r.handlers, r.log), false);
      const cyclic: Record<string, unknown> = { type: 'ready' };
      cyclic.self = cyclic;
      assert.equal(dispatchWebviewMessage(cyclic, r.handlers, r.log), false);
      assert.deepEqual(r.calls, []);
      assert.equal(r.errors.length, 3);
      assert.match(r.errors[0] ?? '', /^Migrations panel: dropped a malformed message/);
      assert.ok((r.errors[0]?.length ?? 0) < 500);
    });
  });
});
