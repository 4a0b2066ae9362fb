import {
  type AggregateFn,
  type AggregateStats,
  aggregate,
  checkAggregateFn,
  type RawPoints,
  toResolution,
} from './aggregate.js';
import { createDefaultRegistry } from './builtins.js';
import { isMyriadError, MyriadError } from './errors.js';
import type { Model } from './model.js';
import type { KindRegistry } from './registry.js';
import { DEFAULT_RESOLUTIONS, type Resolution } from './series.js';

/** Kind settings passed to `fit` besides `stepSeconds`. */
export type KindSettings = Readonly<Record<string, unknown>>;

/** Options of {@link fitEnsembleModels}. */
export interface FitEnsembleOptions {
  /** Where kinds are looked up by name. Default: `createDefaultRegistry()` (the built-in kinds). */
  readonly registry?: KindRegistry;
  /** Resolutions to fit, distinct. Default {@link DEFAULT_RESOLUTIONS} (`1m`, `15m`, `1h`). */
  readonly resolutions?: readonly (string | number | Resolution)[];
  /**
   * The kind for every resolution (`'seasonal'`), or per resolution text
   * (`{'1m': 'baseline', '1h': 'holt-winters'}`; unlisted ones get `seasonal`). Default `seasonal`.
   */
  readonly kinds?: string | Readonly<Record<string, string>>;
  /** Kind settings for every member, or a function choosing them per member. Default none. */
  readonly fitOptions?:
    | KindSettings
    | ((resolution: Resolution, kind: string) => KindSettings | undefined);
  /** How raw points are reduced into buckets. Default `mean`; pass the same to `createEnsemble`. */
  readonly fn?: AggregateFn;
  /** Spacing of the raw points, for detecting an incomplete trailing bucket. Default: inferred (see `aggregate`). */
  readonly inputStepSeconds?: number;
  /**
   * Fit on an incomplete trailing bucket too. Default false: it is dropped, since its
   * aggregate is not comparable with full buckets and the model's state would end on it.
   */
  readonly keepPartial?: boolean;
}

/** How one member's training data was aggregated. */
export interface MemberAggregation extends AggregateStats {
  /** Buckets passed to `fit`. */
  readonly buckets: number;
  /** Whether an incomplete trailing bucket was dropped. */
  readonly droppedPartial: boolean;
}

/** A member that fitted. */
export interface MemberFitted {
  readonly ok: true;
  readonly resolution: Resolution;
  readonly kind: string;
  readonly model: Model;
  readonly error: null;
  readonly aggregation: MemberAggregation;
}

/** A member whose fit failed on its data (`INSUFFICIENT_DATA`, `INVALID_INPUT`, …). */
export interface MemberFailed {
  readonly ok: false;
  readonly resolution: Resolution;
  readonly kind: string;
  readonly model: null;
  readonly error: MyriadError;
  readonly aggregation: MemberAggregation;
}

/** One member's outcome; pass `members` straight to `createEnsemble`. */
export type MemberFit = MemberFitted | MemberFailed;

/** The outcome of {@link fitEnsembleModels}: one entry per resolution, finest first. */
export interface EnsembleFit {
  readonly members: readonly MemberFit[];
  /** Members that fitted. */
  readonly fitted: number;
  /** Members that failed. */
  readonly failed: number;
}

function invalid(message: string, cause?: unknown): MyriadError {
  return new MyriadError('INVALID_OPTIONS', message, { cause });
}

function resolveRes(value: unknown, name: string): Resolution {
  try {
    return toResolution(value as string);
  } catch (err) {
    throw invalid(`${name}: ${(err as Error).message}`, err);
  }
}

function resolveKinds(kinds: FitEnsembleOptions['kinds'], resolutions: Resolution[]): string[] {
  if (kinds === undefined || typeof kinds === 'string') {
    return resolutions.map(() => kinds ?? 'seasonal');
  }
  if (typeof kinds !== 'object' || kinds === null) {
    throw invalid('kinds must be a kind name or an object of kind names by resolution');
  }
  const bySeconds = new Map<number, string>();
  for (const [key, kind] of Object.entries(kinds)) {
    const seconds = resolveRes(key, `kinds key ${JSON.stringify(key)}`).seconds;
    if (!resolutions.some((r) => r.seconds === seconds)) {
      throw invalid(
        `kinds.${key} names no fitted resolution (${resolutions.map((r) => r.text).join(', ')})`,
      );
    }
    if (typeof kind !== 'string') throw invalid(`kinds.${key} must be a kind name`);
    bySeconds.set(seconds, kind);
  }
  return resolutions.map((r) => bySeconds.get(r.seconds) ?? 'seasonal');
}

/**
 * Aggregates raw fine points to every resolution and fits one model per
 * resolution — what the trainer and the NAB replay call. A member that fails on
 * its data (e.g. too little history at `1h`) is reported in its entry, never
 * thrown for the whole ensemble; the ensemble renormalises weights over the rest.
 * Cost: one `aggregate` (O(n)) and one `fit` per resolution.
 * @throws MyriadError `INVALID_OPTIONS` (bad or duplicate resolution, bad kinds/fn/fitOptions),
 *   `UNKNOWN_KIND`, `INVALID_INPUT` (history not two equal-length arrays). Errors that are not
 *   MyriadErrors (bugs) propagate.
 */
export function fitEnsembleModels(
  history: RawPoints,
  options: FitEnsembleOptions = {},
): EnsembleFit {
  if (typeof options !== 'object' || options === null) throw invalid('options must be an object');
  const registry = options.registry ?? createDefaultRegistry();
  if (typeof registry?.get !== 'function') throw invalid('registry must be a KindRegistry');
  const given = options.resolutions ?? DEFAULT_RESOLUTIONS;
  if (!Array.isArray(given) || given.length === 0) {
    throw invalid('resolutions must be a non-empty array');
  }
  const resolutions = given
    .map((r, i) => resolveRes(r, `resolutions[${i}]`))
    .sort((a, b) => a.seconds - b.seconds);
  for (let i = 1; i < resolutions.length; i++) {
    if (resolutions[i]!.seconds === resolutions[i - 1]!.seconds) {
      throw invalid(
        `resolutions has ${resolutions[i - 1]!.text} and ${resolutions[i]!.text}, the same interval`,
      );
    }
  }
  const kindNames = resolveKinds(options.kinds, resolutions);
  const kinds = kindNames.map((name) => registry.get(name));
  const fn = checkAggregateFn(options.fn ?? 'mean', 'fn');
  const { fitOptions } = options;
  if (
    fitOptions !== undefined &&
    typeof fitOptions !== 'function' &&
    (typeof fitOptions !== 'object' || fitOptions === null)
  ) {
    throw invalid('fitOptions must be an object or a function (resolution, kind) → object');
  }

  const members: MemberFit[] = [];
  let fitted = 0;
  resolutions.forEach((resolution, i) => {
    const kind = kinds[i]!;
    const agg = aggregate(history, resolution, { fn, inputStepSeconds: options.inputStepSeconds });
    const droppedPartial = agg.partial && options.keepPartial !== true;
    const buckets = agg.timestamps.length - (droppedPartial ? 1 : 0);
    const { points, used, droppedTimestamps, droppedValues, outOfOrder, duplicates } = agg;
    const aggregation = {
      points,
      used,
      droppedTimestamps,
      droppedValues,
      outOfOrder,
      duplicates,
      buckets,
      droppedPartial,
    };
    const base = { resolution, kind: kind.name, aggregation };
    try {
      if (buckets === 0) {
        throw new MyriadError(
          'INSUFFICIENT_DATA',
          `no complete ${resolution.text} bucket with a finite value in the history`,
        );
      }
      const settings =
        typeof fitOptions === 'function' ? fitOptions(resolution, kind.name) : fitOptions;
      const series = {
        timestamps: agg.timestamps.subarray(0, buckets),
        values: agg.values.subarray(0, buckets),
      };
      const model = kind.fit(series, { ...settings, stepSeconds: resolution.seconds });
      members.push({ ok: true, ...base, model, error: null });
      fitted++;
    } catch (err) {
      if (!isMyriadError(err)) throw err;
      members.push({ ok: false, ...base, model: null, error: err as MyriadError });
    }
  });
  return { members, fitted, failed: members.length - fitted };
}
