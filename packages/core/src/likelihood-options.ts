import { MyriadError } from './errors.js';

/** Options of the likelihood post-step (see `createLikelihood` in likelihood.ts). */
export interface LikelihoodOptions {
  /** Points in the short moving average of surprises. Default 6. */
  readonly shortWindow?: number;
  /** Short averages kept as the long-run distribution. Default 4032 (two weeks of 5-minute points). */
  readonly longWindow?: number;
  /** Points seen before any score is given (0 until then). Default 144. */
  readonly warmupPoints?: number;
  /** Floor on the long-run std of the short average, in surprise units (log10). Default 0.05. */
  readonly minStd?: number;
  /** Widening of the seen range, as a fraction of its width; 0 turns the range rule off. Default 0.05 (as NAB's HTM detector). */
  readonly rangeTolerance?: number;
  /** `level` mode: score at or above which suppression starts. Default 1. */
  readonly suppressLevel?: number;
  /** Points after a score that are damped (0 turns suppression off). Default 12. */
  readonly suppressPoints?: number;
  /** Factor applied to damped scores, in [0, 1]. Default 0 (a repeat scores 0). */
  readonly suppressFactor?: number;
  /**
   * `novel` (default): damp a score unless it beats every score of the last
   * `suppressPoints` points — threshold-free, so whatever threshold alerts,
   * one incident alerts once; `level`: damp the `suppressPoints` points after
   * a score ≥ `suppressLevel`.
   */
  readonly suppressMode?: 'level' | 'novel';
  /**
   * How the rarity of the short average is judged against the long run:
   * `normal` (a normal fit: mean and std) or `empirical` (its rank among the
   * kept averages, extended beyond the largest by the normal tail). Default
   * `empirical`: the averages of surprises are skewed, and a normal fit
   * overstates the rarity of moderate values.
   */
  readonly tail?: 'normal' | 'empirical';
}

/** {@link LikelihoodOptions} with every default filled in. */
export type ResolvedLikelihoodOptions = Required<LikelihoodOptions>;

/** The defaults of {@link LikelihoodOptions}. */
export const LIKELIHOOD_DEFAULTS: ResolvedLikelihoodOptions = {
  shortWindow: 6,
  longWindow: 4032,
  warmupPoints: 144,
  minStd: 0.05,
  rangeTolerance: 0.05,
  suppressLevel: 1,
  suppressPoints: 12,
  suppressFactor: 0,
  suppressMode: 'novel',
  tail: 'empirical',
};

function check(value: unknown, name: string, ok: (v: number) => boolean, rule: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || !ok(value)) {
    throw new MyriadError(
      'INVALID_OPTIONS',
      `likelihood.${name} must be ${rule}, got ${String(value)}`,
    );
  }
  return value;
}

function checkTail(tail: unknown): 'normal' | 'empirical' {
  if (tail !== 'normal' && tail !== 'empirical') {
    throw new MyriadError(
      'INVALID_OPTIONS',
      `likelihood.tail must be normal or empirical, got ${String(tail)}`,
    );
  }
  return tail;
}

function checkMode(mode: unknown): 'level' | 'novel' {
  if (mode !== 'level' && mode !== 'novel') {
    throw new MyriadError(
      'INVALID_OPTIONS',
      `likelihood.suppressMode must be level or novel, got ${String(mode)}`,
    );
  }
  return mode;
}

/**
 * Validates {@link LikelihoodOptions} and fills in defaults.
 * @throws MyriadError `INVALID_OPTIONS` naming the bad option.
 */
export function resolveLikelihoodOptions(
  options: LikelihoodOptions = {},
): ResolvedLikelihoodOptions {
  const o = { ...LIKELIHOOD_DEFAULTS, ...options };
  const int = (v: number) => Number.isInteger(v);
  return {
    shortWindow: check(
      o.shortWindow,
      'shortWindow',
      (v) => int(v) && v >= 1 && v <= 10_000,
      'an integer in [1, 10000]',
    ),
    longWindow: check(
      o.longWindow,
      'longWindow',
      (v) => int(v) && v >= 2 && v <= 1_000_000,
      'an integer in [2, 1000000]',
    ),
    warmupPoints: check(o.warmupPoints, 'warmupPoints', (v) => int(v) && v >= 0, 'an integer ≥ 0'),
    minStd: check(o.minStd, 'minStd', (v) => v > 0, 'a number > 0'),
    rangeTolerance: check(o.rangeTolerance, 'rangeTolerance', (v) => v >= 0, 'a number ≥ 0'),
    suppressLevel: check(o.suppressLevel, 'suppressLevel', (v) => v > 0, 'a number > 0'),
    suppressPoints: check(
      o.suppressPoints,
      'suppressPoints',
      (v) => int(v) && v >= 0,
      'an integer ≥ 0',
    ),
    suppressFactor: check(o.suppressFactor, 'suppressFactor', (v) => v >= 0 && v <= 1, 'in [0, 1]'),
    suppressMode: checkMode(o.suppressMode),
    tail: checkTail(o.tail),
  };
}
