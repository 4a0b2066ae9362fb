import { type AggregateFn, checkAggregateFn, toResolution } from '../aggregate.js';
import { MyriadError } from '../errors.js';
import type { Model } from '../model.js';
import type { Resolution } from '../series.js';

/** Which side of the expected value may alert. */
export type AlertDirection = 'up' | 'down' | 'both';

/** Noise controls that turn combined scores into alerts. All optional. */
export interface AlertOptions {
  /** A point is a candidate when its combined score is ≥ this. In (0, 1]. Default 0.99. */
  readonly threshold?: number;
  /** Minimum |value − expected| for a candidate, in the series' units. Default 0. */
  readonly minDeviation?: number;
  /** Minimum |value − expected| / |expected| for a candidate (0.1 = 10%). Default 0. */
  readonly minRelativeDeviation?: number;
  /** `up`: only values above expected; `down`: only below; `both` (default). */
  readonly direction?: AlertDirection;
  /**
   * N-of-M confirmation: alert only when at least `n` of the last `m` points
   * (this one included) are candidates. 1 ≤ n ≤ m ≤ 10,000. Default `{n: 1, m: 1}`.
   */
  readonly confirm?: { readonly n: number; readonly m: number };
  /** After an alert at t, no alert before t + suppressSeconds. Default 0 (no suppression). */
  readonly suppressSeconds?: number;
}

/** {@link AlertOptions} with every default filled in. */
export interface ResolvedAlertOptions {
  readonly threshold: number;
  readonly minDeviation: number;
  readonly minRelativeDeviation: number;
  readonly direction: AlertDirection;
  readonly confirm: { readonly n: number; readonly m: number };
  readonly suppressSeconds: number;
}

/**
 * The seam for an optional per-point post-step: a stateful transform of the
 * combined score (e.g. of the recent combined scores), run on every point in
 * order after the members are combined and before the alert rule. Its result
 * is clamped to [0, 1] (NaN → 0) and reported as `combined`; the unprocessed
 * score stays in `rawCombined`.
 */
export interface EnsemblePostStep {
  /** Returns the score to use for this point. `value` may be NaN (then `combined` is 0). */
  step(timestampSeconds: number, value: number, combined: number): number;
}

/** Makes one {@link EnsemblePostStep} per stream, so each `score()`/`scorer()` starts fresh. */
export type EnsemblePostStepFactory = () => EnsemblePostStep;

/** See {@link EnsembleOptions.coarseWindow}. */
export type CoarseWindow = 'trailing' | 'bucket';

/** One resolution of an ensemble. A missing model (failed fit) is allowed: the rest carry the weight. */
export interface EnsembleMember {
  readonly resolution: string | number | Resolution;
  readonly model?: Model | null | undefined;
}

/** Options of `createEnsemble`. */
export interface EnsembleOptions {
  /** One entry per resolution (any order; distinct resolutions; at least one with a model). */
  readonly members: readonly EnsembleMember[];
  /**
   * Weight per resolution, keyed by resolution text (`'15m'`; `'60m'` and `'1h'` are the
   * same key). Finite and ≥ 0. Default for a resolution not listed: √(its seconds ÷ the
   * finest member's seconds), i.e. 1m : 15m : 1h = 1 : 3.87 : 7.75. Weights are
   * normalised over the members that have a model.
   */
  readonly weights?: Readonly<Record<string, number>>;
  /** How fine points are reduced into each member's buckets; must match how the models were fitted. Default `mean`. */
  readonly fn?: AggregateFn;
  /**
   * Spacing of the fine points in seconds; sets the points per full bucket used to
   * de-noise partial buckets. Default: the finest member's resolution.
   */
  readonly inputStepSeconds?: number;
  /**
   * What a member coarser than the input scores at each point (both use only data up to
   * the point): `trailing` (default) — the fine points of the last bucket length, i.e. the
   * tail of the previous bucket plus the partial bucket so far, so a coarse member always
   * judges a bucket's worth of evidence and a blip at a bucket start is diluted;
   * `bucket` — only the partial bucket so far (the current aligned bucket up to the point).
   */
  readonly coarseWindow?: CoarseWindow;
  /**
   * The point path: the finest member alone yields a combined score of
   * Φ(z − spikeMarginZ), z = Φ⁻¹(its score), so a point far beyond anything normal
   * (z ≥ 7.33 with the default 5, at threshold 0.99) alerts even while the coarser
   * members, which see it diluted, disagree. Finite, ≥ 0. Default 5. Use a large value
   * to turn it off.
   */
  readonly spikeMarginZ?: number;
  readonly alert?: AlertOptions;
  /** Optional per-point post-step (see {@link EnsemblePostStep}). Default none. */
  readonly postStep?: EnsemblePostStepFactory;
}

/** A member after validation, finest first. */
export interface ResolvedMember {
  readonly resolution: Resolution;
  readonly model: Model | null;
  /** Normalised weight; 0 for a member with no model. */
  readonly weight: number;
  /** Fine points in one full bucket (≥ 1). */
  readonly pointsPerBucket: number;
}

/** Everything `createEnsemble` checked. */
export interface ResolvedEnsembleOptions {
  readonly members: readonly ResolvedMember[];
  readonly fn: AggregateFn;
  readonly inputStepSeconds: number;
  readonly coarseWindow: CoarseWindow;
  readonly spikeMarginZ: number;
  readonly alert: ResolvedAlertOptions;
  readonly postStep: EnsemblePostStepFactory | null;
}

function invalid(message: string): MyriadError {
  return new MyriadError('INVALID_OPTIONS', message);
}

function number(value: unknown, name: string, ok: (v: number) => boolean, rule: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || !ok(value)) {
    throw invalid(`${name} must be ${rule}, got ${JSON.stringify(value) ?? String(value)}`);
  }
  return value;
}

function resolveAlert(alert: AlertOptions | undefined): ResolvedAlertOptions {
  if (alert !== undefined && (typeof alert !== 'object' || alert === null)) {
    throw invalid('alert must be an object');
  }
  const a = alert ?? {};
  const direction = a.direction ?? 'both';
  if (direction !== 'up' && direction !== 'down' && direction !== 'both') {
    throw invalid(`alert.direction must be up, down or both, got ${JSON.stringify(direction)}`);
  }
  const confirm = a.confirm ?? { n: 1, m: 1 };
  if (typeof confirm !== 'object' || confirm === null)
    throw invalid('alert.confirm must be {n, m}');
  const m = number(
    confirm.m,
    'alert.confirm.m',
    (v) => Number.isInteger(v) && v >= 1 && v <= 10_000,
    'an integer in [1, 10000]',
  );
  const n = number(
    confirm.n,
    'alert.confirm.n',
    (v) => Number.isInteger(v) && v >= 1 && v <= m,
    `an integer in [1, confirm.m = ${m}]`,
  );
  return {
    threshold: number(a.threshold ?? 0.99, 'alert.threshold', (v) => v > 0 && v <= 1, 'in (0, 1]'),
    minDeviation: number(
      a.minDeviation ?? 0,
      'alert.minDeviation',
      (v) => v >= 0,
      'a finite number ≥ 0',
    ),
    minRelativeDeviation: number(
      a.minRelativeDeviation ?? 0,
      'alert.minRelativeDeviation',
      (v) => v >= 0,
      'a finite number ≥ 0',
    ),
    direction,
    confirm: { n, m },
    suppressSeconds: number(
      a.suppressSeconds ?? 0,
      'alert.suppressSeconds',
      (v) => v >= 0,
      'a finite number ≥ 0',
    ),
  };
}

function resolveRes(value: unknown, name: string): Resolution {
  try {
    return toResolution(value as string);
  } catch (err) {
    throw new MyriadError('INVALID_OPTIONS', `${name}: ${(err as Error).message}`, { cause: err });
  }
}

/**
 * Validates {@link EnsembleOptions} and fills in defaults.
 * @throws MyriadError `INVALID_OPTIONS` naming the offending option.
 */
export function resolveEnsembleOptions(options: EnsembleOptions): ResolvedEnsembleOptions {
  if (typeof options !== 'object' || options === null) throw invalid('options must be an object');
  const given = options.members;
  if (!Array.isArray(given) || given.length === 0) {
    throw invalid('members must be a non-empty array of {resolution, model}');
  }
  const parsed = given.map((member, i) => {
    if (typeof member !== 'object' || member === null)
      throw invalid(`members[${i}] must be an object`);
    const model = member.model ?? null;
    if (model !== null && (typeof model.scorer !== 'function' || typeof model.kind !== 'string')) {
      throw invalid(`members[${i}].model must be a Model (with kind and scorer())`);
    }
    return { resolution: resolveRes(member.resolution, `members[${i}].resolution`), model };
  });
  parsed.sort((a, b) => a.resolution.seconds - b.resolution.seconds);
  for (let i = 1; i < parsed.length; i++) {
    if (parsed[i]!.resolution.seconds === parsed[i - 1]!.resolution.seconds) {
      throw invalid(
        `members has ${parsed[i - 1]!.resolution.text} and ${parsed[i]!.resolution.text}, the same interval`,
      );
    }
  }
  if (!parsed.some((m) => m.model !== null))
    throw invalid('members: at least one member needs a model');
  const finest = parsed[0]!.resolution.seconds;

  const weights = new Map<number, number>();
  if (options.weights !== undefined) {
    if (typeof options.weights !== 'object' || options.weights === null)
      throw invalid('weights must be an object');
    for (const [key, value] of Object.entries(options.weights)) {
      const seconds = resolveRes(key, `weights key ${JSON.stringify(key)}`).seconds;
      if (!parsed.some((m) => m.resolution.seconds === seconds)) {
        throw invalid(
          `weights.${key} names no member resolution (${parsed.map((m) => m.resolution.text).join(', ')})`,
        );
      }
      weights.set(
        seconds,
        number(value, `weights.${key}`, (v) => v >= 0, 'a finite number ≥ 0'),
      );
    }
  }
  const raw = parsed.map((m) =>
    m.model === null
      ? 0
      : (weights.get(m.resolution.seconds) ?? Math.sqrt(m.resolution.seconds / finest)),
  );
  const total = raw.reduce((a, b) => a + b, 0);
  if (!(total > 0)) throw invalid('weights: the members with a model all have weight 0');

  const inputStepSeconds = number(
    options.inputStepSeconds ?? finest,
    'inputStepSeconds',
    (v) => v > 0,
    'a finite number > 0',
  );
  const coarseWindow = options.coarseWindow ?? 'trailing';
  if (coarseWindow !== 'trailing' && coarseWindow !== 'bucket') {
    throw invalid(`coarseWindow must be trailing or bucket, got ${JSON.stringify(coarseWindow)}`);
  }
  const postStep = options.postStep ?? null;
  if (postStep !== null && typeof postStep !== 'function') {
    throw invalid('postStep must be a function returning {step(t, value, combined)}');
  }
  return {
    members: parsed.map((m, i) => ({
      resolution: m.resolution,
      model: m.model,
      weight: (raw[i] as number) / total,
      pointsPerBucket: Math.max(1, Math.round(m.resolution.seconds / inputStepSeconds)),
    })),
    fn: checkAggregateFn(options.fn ?? 'mean', 'fn'),
    inputStepSeconds,
    coarseWindow,
    spikeMarginZ: number(
      options.spikeMarginZ ?? 5,
      'spikeMarginZ',
      (v) => v >= 0,
      'a finite number ≥ 0',
    ),
    alert: resolveAlert(options.alert),
    postStep,
  };
}
