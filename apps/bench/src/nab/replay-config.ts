import type { LikelihoodOptions } from '@myriad/core';
import { NabError } from './errors.js';

/**
 * One replay configuration — the same for every file of a corpus. Member
 * resolutions are multiples of the file's base step (`x1`, `x3`, `x12` for the
 * defaults), so one configuration fits 5-minute and hourly files alike.
 */
export interface ReplayConfig {
  /** Multiples of the base step, one ensemble member each, distinct. Default [1, 3, 12]. */
  readonly multipliers: readonly number[];
  /** The model kind of every member, or per member key (`x1`, `x3`, …). Default `seasonal`. */
  readonly kinds: string | Readonly<Record<string, string>>;
  /** Kind settings passed to every fit (besides stepSeconds). Default none. */
  readonly fitOptions: Readonly<Record<string, unknown>>;
  /** Ensemble weights per member key (`x1`, …). Default: the ensemble's (√ of the interval ratio). */
  readonly weights?: Readonly<Record<string, number>> | undefined;
  /** How coarse members see recent points (`trailing` or `bucket`). Default: the ensemble's (`trailing`). */
  readonly coarseWindow?: 'trailing' | 'bucket' | undefined;
  /** The ensemble's spike path margin, in z. Default: the ensemble's. */
  readonly spikeMarginZ?: number | undefined;
  /** The likelihood post-step's options, or false for none. */
  readonly likelihood: LikelihoodOptions | false;
  /** Refit on all rows seen so far this often, in seconds of data. Default 86,400 (one day). */
  readonly retrainEverySeconds: number;
  /**
   * Share of the training rows used to warm the post-steps: a model fitted on
   * the rows before scores these out of sample (never reported). 0 = none. Default 0.5.
   */
  readonly warmupFraction: number;
}

/** The default replay configuration (see {@link ReplayConfig}). */
export const DEFAULT_REPLAY_CONFIG: ReplayConfig = {
  multipliers: [1, 3, 12],
  kinds: 'seasonal',
  fitOptions: {},
  likelihood: {},
  retrainEverySeconds: 86_400,
  warmupFraction: 0.5,
};

/** The member key of a multiplier: `x3`. */
export function memberKey(multiplier: number): string {
  return `x${multiplier}`;
}

/**
 * Merges a partial configuration (e.g. from `--config FILE.json`) over the
 * defaults and validates it.
 * @throws NabError `INVALID_OPTIONS` naming the bad field.
 */
export function resolveReplayConfig(partial: unknown = {}): ReplayConfig {
  if (typeof partial !== 'object' || partial === null || Array.isArray(partial)) {
    throw new NabError('INVALID_OPTIONS', 'replay config must be a JSON object');
  }
  const known = new Set([
    ...Object.keys(DEFAULT_REPLAY_CONFIG),
    'weights',
    'coarseWindow',
    'spikeMarginZ',
  ]);
  for (const key of Object.keys(partial)) {
    if (!known.has(key)) {
      throw new NabError(
        'INVALID_OPTIONS',
        `replay config has an unknown field ${JSON.stringify(key)}; known: ${[...known].join(', ')}`,
      );
    }
  }
  const c = { ...DEFAULT_REPLAY_CONFIG, ...(partial as Partial<ReplayConfig>) };
  if (
    !Array.isArray(c.multipliers) ||
    c.multipliers.length === 0 ||
    c.multipliers.some((m) => !Number.isInteger(m) || m < 1 || m > 10_000) ||
    new Set(c.multipliers).size !== c.multipliers.length
  ) {
    throw new NabError(
      'INVALID_OPTIONS',
      `replay config multipliers must be distinct integers in [1, 10000], got ${JSON.stringify(c.multipliers)}`,
    );
  }
  const keys = new Set(c.multipliers.map(memberKey));
  if (typeof c.kinds !== 'string') {
    if (typeof c.kinds !== 'object' || c.kinds === null) {
      throw new NabError(
        'INVALID_OPTIONS',
        'replay config kinds must be a kind name or {x1: kind, …}',
      );
    }
    for (const [k, v] of Object.entries(c.kinds)) {
      if (!keys.has(k) || typeof v !== 'string') {
        throw new NabError(
          'INVALID_OPTIONS',
          `replay config kinds.${k} must name a member (${[...keys].join(', ')}) and a kind`,
        );
      }
    }
  }
  if (typeof c.fitOptions !== 'object' || c.fitOptions === null) {
    throw new NabError('INVALID_OPTIONS', 'replay config fitOptions must be an object');
  }
  if (c.weights !== undefined) {
    for (const [k, v] of Object.entries(c.weights)) {
      if (!keys.has(k) || typeof v !== 'number' || !(v >= 0)) {
        throw new NabError(
          'INVALID_OPTIONS',
          `replay config weights.${k} must name a member (${[...keys].join(', ')}) and be a number ≥ 0`,
        );
      }
    }
  }
  if (c.likelihood !== false && (typeof c.likelihood !== 'object' || c.likelihood === null)) {
    throw new NabError(
      'INVALID_OPTIONS',
      'replay config likelihood must be an object of options or false',
    );
  }
  if (typeof c.retrainEverySeconds !== 'number' || !(c.retrainEverySeconds > 0)) {
    throw new NabError(
      'INVALID_OPTIONS',
      `replay config retrainEverySeconds must be a number > 0, got ${JSON.stringify(c.retrainEverySeconds)}`,
    );
  }
  if (typeof c.warmupFraction !== 'number' || !(c.warmupFraction >= 0 && c.warmupFraction < 1)) {
    throw new NabError(
      'INVALID_OPTIONS',
      `replay config warmupFraction must be a number in [0, 1), got ${JSON.stringify(c.warmupFraction)}`,
    );
  }
  return c;
}
