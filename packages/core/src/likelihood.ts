import type { EnsemblePostStep } from './ensemble/options.js';
import { MyriadError } from './errors.js';
import {
  LIKELIHOOD_DEFAULTS,
  type LikelihoodOptions,
  type ResolvedLikelihoodOptions,
  resolveLikelihoodOptions,
} from './likelihood-options.js';
import { BinCounts, MAX_SURPRISE, RARITY_HALF, upperTailLog10 } from './likelihood-tail.js';

export {
  LIKELIHOOD_DEFAULTS,
  type LikelihoodOptions,
  type ResolvedLikelihoodOptions,
  resolveLikelihoodOptions,
  upperTailLog10,
};

/**
 * Anomaly likelihood: a post-step that makes scores comparable across very
 * different series and turns "unusual for this series lately" into the score.
 *
 * Idea (after Numenta HTM's anomaly likelihood): the raw combined score p of
 * each point becomes a surprise `s = −log10(1 − p)` (capped at 12); a short
 * moving average of surprises is compared with the long-run distribution of
 * the same average on this series — by default its empirical rank among the
 * last `longWindow` averages (`tail: 'empirical'`), or a normal fit. The
 * rarity `m = −log10 q` of the current average (q its upper-tail share) gives
 * the score `m / (m + 5)`: 0.5 = one in 100,000; it never saturates, so ranks
 * survive. A series whose model is often surprised needs a larger, longer
 * excursion than one whose model rarely is, so one threshold means the same
 * rarity on every series.
 *
 * Two controls ride on the same stream:
 * - range: a value beyond the range of values seen so far, widened by
 *   `rangeTolerance` of its width, scores 1 — a new extreme is an alert on
 *   any series (NAB's HTM detector uses the same rule with 5 %).
 * - suppression: a score that does not beat every score of the last
 *   `suppressPoints` points is multiplied by `suppressFactor` (default 0), so
 *   one incident alerts once, whatever the threshold (or, in `level` mode, the
 *   points after a score ≥ `suppressLevel` are damped).
 *
 * Causal: each output depends only on this and earlier points. The state
 * (windows, histogram, range) is per series: keep one stream per series
 * across model refits. Memory is O(shortWindow + longWindow + 385) numbers;
 * each step is O(log 385) plus O(suppressPoints), allocation-free.
 */

/** A stateful likelihood stream; usable as an ensemble post-step. */
export interface Likelihood extends EnsemblePostStep {
  /** Points consumed so far. */
  readonly points: number;
  /**
   * Widens the seen value range with `values` (e.g. the training history)
   * without scoring them or counting them as points. Non-finite values are skipped.
   */
  seedRange(values: ArrayLike<number>): void;
  /**
   * The stream's whole state (a copy), in the shape of model parameters: a
   * JSON header (options and scalars) and typed-array blocks, so a server can
   * keep it per series between requests. {@link restoreLikelihood} continues
   * the stream exactly.
   */
  snapshot(): LikelihoodState;
}

/** A likelihood stream's state: JSON-able scalars and options, and its buffers. */
export interface LikelihoodState {
  readonly version: 1;
  readonly header: {
    readonly options: ResolvedLikelihoodOptions;
    /** points, shortSum, shortCount, longSum, longSumSq, longCount, longAt, damped, recentAt, recentCount (all finite). */
    readonly scalars: readonly number[];
  };
  readonly blocks: {
    readonly short: Float64Array;
    readonly long: Float64Array;
    readonly recent: Float64Array;
    /** [min, max] of the values seen (±Infinity before any). */
    readonly range: Float64Array;
  };
}

/**
 * Creates a likelihood stream (see {@link LikelihoodOptions}). Pass
 * `() => createLikelihood(o)` as an ensemble's `postStep` for a fresh stream
 * per scoring call, or keep one instance per series to carry its history
 * across model refits.
 * @throws MyriadError `INVALID_OPTIONS` for bad options.
 */
export function createLikelihood(options: LikelihoodOptions = {}): Likelihood {
  return likelihoodStream(resolveLikelihoodOptions(options), null);
}

/**
 * Continues a likelihood stream from {@link Likelihood.snapshot}: the next
 * outputs are exactly those the original stream would have given.
 * @throws MyriadError `INVALID_PARAMS` when the state is malformed, `INVALID_OPTIONS` for bad options in it.
 */
export function restoreLikelihood(state: LikelihoodState): Likelihood {
  const bad = (why: string) => new MyriadError('INVALID_PARAMS', `likelihood state: ${why}`);
  if (typeof state !== 'object' || state === null || state.version !== 1)
    throw bad('version must be 1');
  const o = resolveLikelihoodOptions(state.header?.options);
  const scalars = state.header.scalars;
  if (
    !Array.isArray(scalars) ||
    scalars.length !== 10 ||
    scalars.some((x) => typeof x !== 'number' || !Number.isFinite(x))
  ) {
    throw bad('header.scalars must be 10 finite numbers');
  }
  const { short, long, recent, range } = state.blocks ?? {};
  if (!(range instanceof Float64Array) || range.length !== 2)
    throw bad('blocks.range must be 2 float64');
  if (!(short instanceof Float64Array) || short.length !== o.shortWindow)
    throw bad(`blocks.short must be ${o.shortWindow} float64`);
  if (!(long instanceof Float64Array) || long.length !== o.longWindow)
    throw bad(`blocks.long must be ${o.longWindow} float64`);
  if (!(recent instanceof Float64Array) || recent.length !== Math.max(1, o.suppressPoints)) {
    throw bad(`blocks.recent must be ${Math.max(1, o.suppressPoints)} float64`);
  }
  const [points, , shortCount, , , longCount, longAt, damped, recentAt, recentCount] =
    scalars as number[];
  const within = (x: number | undefined, hi: number) =>
    Number.isInteger(x) && (x as number) >= 0 && (x as number) <= hi;
  if (
    !within(points, Number.MAX_SAFE_INTEGER) ||
    !within(shortCount, o.shortWindow) ||
    !within(longCount, o.longWindow) ||
    !within(longAt, o.longWindow - 1) ||
    !within(damped, o.suppressPoints) ||
    !within(recentAt, Math.max(0, o.suppressPoints - 1)) ||
    !within(recentCount, o.suppressPoints)
  ) {
    throw bad('a counter in header.scalars is out of range');
  }
  return likelihoodStream(o, state);
}

function likelihoodStream(o: ResolvedLikelihoodOptions, state: LikelihoodState | null): Likelihood {
  const short = new Float64Array(o.shortWindow);
  const long = new Float64Array(o.longWindow);
  let shortSum = 0;
  let shortCount = 0;
  let longSum = 0;
  let longSumSq = 0;
  let longCount = 0;
  let longAt = 0;
  let points = 0;
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  let damped = 0;
  const bins = o.tail === 'empirical' ? new BinCounts() : null;
  const recentBuf = new Float64Array(Math.max(1, o.suppressPoints));
  let recentAt = 0;
  let recentCount = 0;
  if (state !== null) {
    short.set(state.blocks.short);
    long.set(state.blocks.long);
    recentBuf.set(state.blocks.recent);
    min = state.blocks.range[0] as number;
    max = state.blocks.range[1] as number;
    [
      points,
      shortSum,
      shortCount,
      longSum,
      longSumSq,
      longCount,
      longAt,
      damped,
      recentAt,
      recentCount,
    ] = state.header.scalars as number[] as [
      number,
      number,
      number,
      number,
      number,
      number,
      number,
      number,
      number,
      number,
    ];
    if (bins !== null)
      for (let j = 0; j < longCount; j++) bins.add(BinCounts.bin(long[j] as number), 1);
  }

  return {
    get points() {
      return points;
    },
    snapshot(): LikelihoodState {
      return {
        version: 1,
        header: {
          options: { ...o },
          scalars: [
            points,
            shortSum,
            shortCount,
            longSum,
            longSumSq,
            longCount,
            longAt,
            damped,
            recentAt,
            recentCount,
          ],
        },
        blocks: {
          short: short.slice(),
          long: long.slice(),
          recent: recentBuf.slice(),
          range: Float64Array.of(min, max),
        },
      };
    },
    seedRange(values: ArrayLike<number>): void {
      for (let i = 0; i < values.length; i++) {
        const v = values[i] as number;
        if (!Number.isFinite(v)) continue;
        if (v < min) min = v;
        if (v > max) max = v;
      }
    },
    step(_timestampSeconds: number, value: number, combined: number): number {
      points++;
      const p = combined >= 0 && combined <= 1 ? combined : 0;
      const surprise = Math.min(MAX_SURPRISE, -Math.log10(Math.max(1 - p, 1e-12)));
      // Short moving average over the last shortWindow points.
      const slot = (points - 1) % o.shortWindow;
      shortSum += surprise - (short[slot] as number);
      short[slot] = surprise;
      if (shortCount < o.shortWindow) shortCount++;
      const average = shortSum / shortCount;

      let score = 0;
      if (points > o.warmupPoints && longCount >= 2) {
        const mean = longSum / longCount;
        const variance = Math.max(0, longSumSq / longCount - mean * mean);
        const std = Math.max(Math.sqrt(variance), o.minStd);
        let rarity: number;
        if (bins === null) {
          rarity = upperTailLog10((average - mean) / std);
        } else {
          const b = BinCounts.bin(average);
          const above = longCount - bins.upTo(b);
          const same = bins.count(b);
          if (above + same > 0) {
            rarity = -Math.log10((above + 0.5 * same + 1) / (longCount + 1));
          } else {
            // Beyond everything kept: the rank's floor, extended by the normal tail past the top.
            rarity = Math.log10(longCount + 1) + upperTailLog10((average - bins.top()) / std);
          }
        }
        score = rarity / (rarity + RARITY_HALF);
      }
      if (o.rangeTolerance > 0 && Number.isFinite(value)) {
        if (points > o.warmupPoints && max > min) {
          const tolerance = (max - min) * o.rangeTolerance;
          if (value > max + tolerance || value < min - tolerance) score = 1;
        }
        if (value < min) min = value;
        if (value > max) max = value;
      }
      // The average joins the long-run distribution after it was judged.
      const old = long[longAt] as number;
      if (longCount === o.longWindow) {
        longSum -= old;
        longSumSq -= old * old;
        bins?.add(BinCounts.bin(old), -1);
      } else {
        longCount++;
      }
      long[longAt] = average;
      bins?.add(BinCounts.bin(average), 1);
      longSum += average;
      longSumSq += average * average;
      longAt = (longAt + 1) % o.longWindow;
      if (longAt === 0) {
        // Once per lap, recompute the sums so evictions cannot accumulate rounding error.
        longSum = 0;
        longSumSq = 0;
        for (let j = 0; j < longCount; j++) {
          const x = long[j] as number;
          longSum += x;
          longSumSq += x * x;
        }
      }

      if (o.suppressMode === 'novel') {
        // Threshold-free: within suppressPoints of a higher (or equal) score, damp.
        let recent = 0;
        for (let j = 0; j < recentCount; j++)
          if ((recentBuf[j] as number) > recent) recent = recentBuf[j] as number;
        if (o.suppressPoints > 0) {
          recentBuf[recentAt] = score;
          recentAt = (recentAt + 1) % o.suppressPoints;
          if (recentCount < o.suppressPoints) recentCount++;
        }
        return score > recent ? score : score * o.suppressFactor;
      }
      if (damped > 0) {
        damped--;
        return score * o.suppressFactor;
      }
      if (score >= o.suppressLevel) damped = o.suppressPoints;
      return score;
    },
  };
}
