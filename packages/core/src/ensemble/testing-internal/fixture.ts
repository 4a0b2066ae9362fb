// A trained three-resolution harmonic ensemble for tests (not shipped).
import { fitEnsembleModels } from '../../fit-ensemble.js';
import { createRegistry } from '../../registry.js';
import type { EnsembleMember } from '../options.js';
import { harmonicKind } from './harmonic-kind.js';
import { seasonalSeries } from './synthetic.js';

/** Seven days of 1m training data ending at `trainEnd` (exclusive). */
export const DAY = 86400;
export const trainStart = Date.UTC(2026, 0, 5) / 1000;
export const trainEnd = trainStart + 7 * DAY;

export const harmonicRegistry = createRegistry([harmonicKind]);

/** Fits harmonic members at 1m, 15m and 1h on seven clean days (noise σ = 2). */
export function trainHarmonicMembers(): readonly EnsembleMember[] {
  const history = seasonalSeries({ start: trainStart, count: 7 * 1440, seed: 7 });
  const fit = fitEnsembleModels(history, { registry: harmonicRegistry, kinds: 'harmonic' });
  if (fit.failed > 0) throw new Error('fixture: a member failed to fit');
  return fit.members;
}

/** `days` of fresh 1m data right after the training window. */
export function laterSeries(days: number, seed = 11) {
  return seasonalSeries({ start: trainEnd, count: Math.round(days * 1440), seed });
}
