// Windows path rules of the product (src/core/windowsPath.ts), against the spellings shared with the lab
// (test/support/windowsPaths.json; the lab's own resolver answers the same in test/lab/paths.test.ts).
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join as joinPath } from 'node:path';
import { isFullPath, isUnder, join, leaf, resolve, samePath } from '../../../src/core/windowsPath';

const cases = JSON.parse(readFileSync(joinPath(__dirname, '..', '..', 'support', 'windowsPaths.json'), 'utf8')) as {
  resolve: [string, string | null][];
  same: [string, string, boolean][];
  under: [string, string, boolean][];
};

describe('Windows paths: resolved as Windows resolves them', () => {
  for (const [path, want] of cases.resolve) {
    it(`${JSON.stringify(path)} → ${want === null ? 'not a full path' : JSON.stringify(want)}`, () => {
      assert.equal(resolve(path) ?? null, want);
      assert.equal(isFullPath(path), want !== null);
      if (want !== null) assert.equal(resolve(want), want, 'a resolved path resolves to itself');
    });
  }
  for (const [a, b, want] of cases.same) {
    it(`${JSON.stringify(a)} and ${JSON.stringify(b)} are ${want ? 'one path' : 'two paths'}`, () => {
      assert.equal(samePath(a, b), want);
      assert.equal(samePath(b, a), want);
    });
  }
  for (const [path, root, want] of cases.under) {
    it(`${JSON.stringify(path)} is ${want ? '' : 'not '}under ${JSON.stringify(root)}`, () => {
      assert.equal(isUnder(path, root), want);
    });
  }

  it('a file joined to a folder typed with a trailing space lands in the folder Windows creates', () => {
    assert.equal(join('E:\\VMs\\x ', 'disk.vhdx'), 'E:\\VMs\\x\\disk.vhdx');
    assert.equal(join('C:\\', 'VMs'), 'C:\\VMs');
    assert.equal(leaf('E:/VMs/x/disk.vhdx.'), 'disk.vhdx');
  });
});
