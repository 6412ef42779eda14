import { describe, expect, it } from 'vitest';
import { parseSegmentKey, segmentKey } from '../../../core/domain/segments.js';

describe('a segment key', () => {
  it('is the same for the same tastes in any order, and reads back', () => {
    const key = segmentKey([
      { facet: 'style', feature: 'structured' },
      { facet: 'colour', feature: 'black' },
      { facet: 'material', feature: 'leather' },
    ]);
    expect(key).toBe('colour:black+material:leather+style:structured');
    expect(parseSegmentKey(key)).toEqual([
      { facet: 'colour', feature: 'black' },
      { facet: 'material', feature: 'leather' },
      { facet: 'style', feature: 'structured' },
    ]);
  });

  it('is told apart from a plain interest, and refused when it names no segment', () => {
    expect(parseSegmentKey('quiet luxury')).toBeNull();
    for (const bad of [
      'material:leather', // one taste
      'colour:black+colour:white', // colours alone
      'craft:chronograph+material:steel', // craft is not a taste
      'style:structured+colour:black', // not in key order
      'material:leather+style:leather', // one phrase twice
      'colour:black+material:+style:structured',
      'a:b+c:d+e:f+g:h+i:j',
      'colour:black+material:leather+material:silk+style:structured+style:vintage', // five tastes
    ])
      expect(parseSegmentKey(bad), bad).toBeNull();
  });
});
