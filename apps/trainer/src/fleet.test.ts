import { describe, expect, it } from 'vitest';
import { createFleetIndex, hostName } from './fleet.js';

describe('createFleetIndex', () => {
  it('enumerates region × host × metric in order', () => {
    const fleet = createFleetIndex({
      regions: ['r1', 'r2'],
      hostsPerRegion: 2,
      metrics: ['a', 'b'],
    });
    expect(fleet.size).toBe(8);
    expect(fleet.range(0, 100)).toEqual([
      'r1/host-00000/a',
      'r1/host-00000/b',
      'r1/host-00001/a',
      'r1/host-00001/b',
      'r2/host-00000/a',
      'r2/host-00000/b',
      'r2/host-00001/a',
      'r2/host-00001/b',
    ]);
    expect(fleet.range(6, 5)).toEqual(['r2/host-00001/a', 'r2/host-00001/b']);
    expect(() => fleet.seriesAt(8)).toThrow(RangeError);
  });

  it('uses explicit host lists per region', () => {
    const fleet = createFleetIndex({
      regions: ['r1', 'r2'],
      hosts: { r1: ['x'], r2: ['y', 'z'] },
      metrics: ['m'],
    });
    expect(fleet.range(0, 10)).toEqual(['r1/x/m', 'r2/y/m', 'r2/z/m']);
  });

  it('widens host numbers for large fleets', () => {
    expect(hostName(7, 1_000_000)).toBe('host-000007');
  });
});
