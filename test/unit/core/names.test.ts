import * as assert from 'node:assert/strict';
import { idKey, nameKey, sameId, sameName } from '../../../src/core/names';

describe('names and ids compare as Windows compares them', () => {
  it('names that differ only in case are the same name, and file under one key', () => {
    assert.equal(sameName('HV-EAST.contoso.com', 'hv-east.CONTOSO.com'), true);
    assert.equal(sameName('HV-EAST', 'HV-WEST'), false);
    assert.equal(nameKey('HV-East'), nameKey('hv-EAST'));
    assert.equal(new Map([[nameKey('HV01'), 1]]).get(nameKey('hv01')), 1);
  });

  it('a missing name is never the same as anything, not even another missing one', () => {
    assert.equal(sameName(undefined, 'HV01'), false);
    assert.equal(sameName('HV01', undefined), false);
    assert.equal(sameName(undefined, undefined), false);
  });

  it('VM ids (GUIDs) in either case name the same VM', () => {
    assert.equal(sameId('5F1C0A2B-0000-4000-8000-00000000000A', '5f1c0a2b-0000-4000-8000-00000000000a'), true);
    assert.equal(idKey('5F1C0A2B-AB'), '5f1c0a2b-ab');
  });
});
