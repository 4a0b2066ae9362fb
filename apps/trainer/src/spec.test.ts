import { describe, expect, it } from 'vitest';
import { isTrainerError } from './errors.js';
import { fleetPlan, runWindow } from './run-plan.js';
import { parseRunSpec, parseRunSpecText } from './spec.js';

function rejection(input: unknown): string {
  try {
    parseRunSpec(input);
  } catch (err) {
    expect(isTrainerError(err, 'INVALID_SPEC')).toBe(true);
    return (err as Error).message;
  }
  throw new Error('spec was accepted');
}

describe('parseRunSpec', () => {
  it('fills in the defaults', () => {
    const spec = parseRunSpec({});
    expect(spec.resolutions.map((r) => r.resolution)).toEqual(['1m', '15m', '1h']);
    expect(spec.history).toBe('7d');
    expect(spec.source).toEqual({ type: 'synthetic', seed: 0, incidents: true });
    expect(spec.store).toBe('fs:./.myriad/models');
    expect(spec.shardSize).toBe(250);
    expect(spec.schedule).toBeUndefined();
  });

  it('reads resolutions as a map of kinds or a list', () => {
    expect(
      parseRunSpec({ resolutions: { '1m': 'seasonal', '1h': 'holt-winters' } }).resolutions,
    ).toEqual([
      { resolution: '1m', kind: 'seasonal' },
      { resolution: '1h', kind: 'holt-winters' },
    ]);
    expect(parseRunSpec({ resolutions: ['5m'] }).resolutions).toEqual([{ resolution: '5m' }]);
  });

  it('reads YAML and JSON text', () => {
    const yaml = parseRunSpecText(
      'fleet:\n  regions: [us-east-1]\n  hostsPerRegion: 3\n  metrics: [cpu]\nsource: csv:./data\nschedule:\n  every: 1d\n  id: nightly\n',
    );
    expect(yaml.source).toEqual({ type: 'csv', dir: './data' });
    expect(yaml.schedule).toEqual({ every: '1d', id: 'nightly' });
    expect(parseRunSpecText('{"shardSize": 10}').shardSize).toBe(10);
    expect(() => parseRunSpecText('a: [')).toThrow(/neither JSON nor YAML/);
  });

  it('names the field of every kind of mistake', () => {
    expect(
      rejection({ fleet: { regions: ['us east'], hostsPerRegion: 2, metrics: ['cpu'] } }),
    ).toMatch(/fleet\.regions\.0/);
    expect(rejection({ fleet: { regions: ['a'], metrics: ['cpu'] } })).toMatch(
      /fleet\.hosts: give exactly one/,
    );
    expect(rejection({ fleet: { regions: ['a'], hostsPerRegion: 0, metrics: ['cpu'] } })).toMatch(
      /fleet\.hostsPerRegion/,
    );
    expect(rejection({ fleet: { regions: ['a'], hosts: { b: ['h'] }, metrics: ['m'] } })).toMatch(
      /fleet\.hosts\.a: no hosts/,
    );
    expect(rejection({ resolutions: { '7x': 'seasonal' } })).toMatch(/resolutions\.0\.resolution/);
    expect(rejection({ resolutions: ['1m', '60s'] })).toMatch(
      /resolutions\.1\.resolution: listed twice/,
    );
    expect(rejection({ history: 'a week' })).toMatch(/^invalid run spec: history/);
    expect(rejection({ shardSize: 0 })).toMatch(/shardSize/);
    expect(rejection({ store: 's3://bucket' })).toMatch(/store: must be a store location/);
    expect(rejection({ source: { type: 'kafka' } })).toMatch(/source/);
    expect(rejection({ schedule: { every: 'daily' } })).toMatch(/schedule\.every/);
    expect(rejection({ fleet: [], extra: 1 })).toMatch(/fleet|extra/);
    expect(rejection('not an object')).toMatch(/\(spec\)/);
  });

  it('rejects source types the caller does not allow', () => {
    expect(() => parseRunSpec({ source: 'csv:/etc' }, { sources: ['synthetic'] })).toThrow(
      /source\.type: "csv" is not allowed here; allowed: synthetic/,
    );
    expect(parseRunSpec({}, { sources: ['synthetic'] }).source.type).toBe('synthetic');
  });

  it('rejects kinds that do not exist when told which do', () => {
    expect(() =>
      parseRunSpec({ resolutions: { '1m': 'prophet' } }, { kinds: ['seasonal'] }),
    ).toThrow(/resolutions\.0\.kind: unknown model kind "prophet"/);
  });
});

describe('run planning', () => {
  it('counts fleet series and shards', () => {
    const spec = parseRunSpec({
      fleet: { regions: ['a', 'b'], hostsPerRegion: 10, metrics: ['x', 'y', 'z'] },
      shardSize: 7,
    });
    expect(fleetPlan(spec)).toEqual({ seriesTotal: 60, shardsTotal: 9 });
    expect(fleetPlan(parseRunSpec({}))).toBeUndefined();
  });

  it('ends the default window on the coarsest resolution', () => {
    const now = Date.UTC(2026, 0, 10, 12, 34, 56);
    const window = runWindow(parseRunSpec({}), now);
    expect(window.toSeconds).toBe(Date.UTC(2026, 0, 10, 12) / 1000);
    expect(window.toSeconds - window.fromSeconds).toBe(7 * 86_400);
    expect(runWindow(parseRunSpec({ to: 1_000_000, history: '1h' })).fromSeconds).toBe(
      1_000_000 - 3600,
    );
  });
});
