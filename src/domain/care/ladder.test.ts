import { describe, expect, it } from 'vitest';
import { type LadderChain, ladderRecipients } from './ladder';

const chain: LadderChain = {
  responsible: 'leader',
  standIn: 'neighbour',
  upOneTier: 'group',
  committee: 'committee',
  keyHolders: ['key-holder'],
};

describe('whom the missed check-in ladder tells', () => {
  it('tells the responsible person and stand-in, then one tier up with the key holders, then the committee', () => {
    expect(ladderRecipients(1, chain)).toEqual(['leader', 'neighbour']);
    expect(ladderRecipients(2, chain)).toEqual(['group', 'key-holder']);
    expect(ladderRecipients(3, chain)).toEqual(['committee']);
  });

  it('goes to the committee when there is no tier above, and tells a person holding two roles once', () => {
    expect(ladderRecipients(2, { ...chain, upOneTier: null, keyHolders: [] })).toEqual(['committee']);
    expect(ladderRecipients(2, { ...chain, keyHolders: ['group'] })).toEqual(['group']);
    expect(ladderRecipients(1, { ...chain, standIn: 'leader' })).toEqual(['leader']);
  });

  it('lets the committee stand in when nobody in the chain is left for a step', () => {
    expect(ladderRecipients(1, { ...chain, responsible: null, standIn: null })).toEqual(['committee']);
    expect(ladderRecipients(3, { ...chain, committee: null })).toEqual([]);
  });
});
