/**
 * Calibration: a model's residual `|z|` (distance from the expected value in
 * units of the model's scale) becomes an anomaly score in [0, 1] through that
 * model's own distribution of honest training residuals, so one threshold
 * means the same rarity for every model and every kind.
 *
 * **What a score means.** The score of a point is `1 − p`, where `p` is the
 * share of this model's normal points whose `|z|` is at least as large (the
 * tail probability): 0.99 is as rare as 1 in 100 of the model's normal points,
 * 0.9999 as 1 in 10,000. So about 10 % of normal points score 0.9 or more and
 * 1 % score 0.99 or more, on every model alike; what separates anomalies is
 * how many nines they reach. Scores of points rarer than anything seen in
 * training come from the tail extrapolation below and keep rising towards 1.
 *
 * **The table.** {@link fitCalibration} keeps {@link CALIBRATION_LEVELS}
 * quantiles of the training `|z|`, at tail probabilities spaced evenly in
 * `log p` from 1 down to `1/(n+1)` (the largest training residual), so the rare
 * end is resolved as finely as the bulk. Between quantiles `log p` is
 * interpolated linearly. Beyond the largest training residual the tail is
 * extrapolated as exponential in `|z|` (`log p` falls by `tailRate` per unit of
 * `|z|`), with the rate measured on the decade between the 100/(n+1) and
 * 10/(n+1) levels (for Gaussian residuals and n = 10,000 about 3.2, below the
 * Gaussian's own hazard, so the extrapolation errs towards lower scores),
 * clamped to [{@link MIN_TAIL_RATE}, {@link MAX_TAIL_RATE}].
 *
 * **Degenerate residuals.** Each quantile is at least half of a Gaussian-like
 * reference, `0.5·√(2·ln(1/p))`. On a flat series every training residual is
 * zero (the model's scale sits on its floor, see `kernels/scale-floor.ts`);
 * without the reference any deviation at all would be "rarer than everything
 * seen" and score near 1. With it, a deviation of one scale floor scores about
 * 0.86, and two floors pass 0.9999. On ordinary residuals the reference is
 * well below the data and changes nothing.
 *
 * **Honesty.** The residuals passed in must be out-of-sample (cross-fitted) or
 * one-step-ahead; in-sample residuals would make every later point look rarer
 * than it is.
 *
 * Cost: {@link fitCalibration} is O(n + bins) with a 4 KB histogram of 1,024
 * bins of width 1/64 (plus a sort of residuals above `|z|` = 16, normally none). A {@link Calibrator}
 * builds a {@link CALIBRATION_GRID_CELLS}-cell uniform grid once (2 KB); each
 * lookup is O(1), allocation-free, and calls `Math.exp` only beyond the table.
 */

/** Quantiles stored per model (float32 each). */
export const CALIBRATION_LEVELS = 48;

/** Smallest tail decay rate (`log p` per unit `|z|`) beyond the table. */
export const MIN_TAIL_RATE = 0.5;

/** Largest tail decay rate beyond the table. */
export const MAX_TAIL_RATE = 6;

/** Tail rate used when too few residuals exist to measure one. */
export const DEFAULT_TAIL_RATE = 1;

/** Cells of the uniform lookup grid a {@link Calibrator} builds. */
export const CALIBRATION_GRID_CELLS = 256;

const HISTOGRAM_BINS = 1024;
const HISTOGRAM_MAX_Z = 16;
const BINS_PER_UNIT = HISTOGRAM_BINS / HISTOGRAM_MAX_Z;
const REFERENCE_FRACTION = 0.5;
const LN10 = Math.LN10;

/** A model's residual distribution, as stored in its parameters. */
export interface CalibrationTable {
  /**
   * `|z|` quantiles, ascending, {@link CALIBRATION_LEVELS} long: entry `j` is
   * exceeded by a share `exp(topLogP · j / (levels − 1))` of normal points.
   */
  readonly quantiles: Float32Array;
  /** `ln` of the smallest tail probability in the table, `ln(1/(n+1))` for `n` residuals. */
  readonly topLogP: number;
  /** Decay of `ln p` per unit of `|z|` beyond the last quantile. */
  readonly tailRate: number;
}

/**
 * Builds the calibration table from honest training residuals `absZ[0..count)`
 * (non-negative, finite), writing the quantiles into `out` when given.
 * Fewer than about 100 residuals give a coarse table whose tail starts early
 * and decays at {@link DEFAULT_TAIL_RATE}.
 */
export function fitCalibration(
  absZ: Float64Array,
  count: number,
  out: Float32Array = new Float32Array(CALIBRATION_LEVELS),
): CalibrationTable {
  const n = Math.max(0, count);
  const histogram = new Int32Array(HISTOGRAM_BINS);
  let max = 0;
  let overflow = 0;
  for (let i = 0; i < n; i++) {
    const z = absZ[i]!;
    if (z > max) max = z;
    const bin = Math.floor(z * BINS_PER_UNIT);
    if (bin < HISTOGRAM_BINS) histogram[bin]!++;
    else overflow++;
  }
  // Residuals beyond the histogram's range are kept exactly (normally none).
  const large = new Float64Array(overflow);
  if (overflow > 0) {
    let k = 0;
    for (let i = 0; i < n; i++)
      if (Math.floor(absZ[i]! * BINS_PER_UNIT) >= HISTOGRAM_BINS) large[k++] = absZ[i]!;
    large.sort();
  }
  const inHistogram = n - overflow;
  const topLogP = -Math.log(n + 1);
  const quantiles = out;
  let bin = 0;
  let below = 0; // residuals in bins before `bin`
  let previous = 0;
  for (let j = 1; j < CALIBRATION_LEVELS; j++) {
    const logP = levelLogP(j, topLogP);
    let q: number;
    if (j === CALIBRATION_LEVELS - 1 || n === 0) {
      q = max;
    } else {
      // Fractional 0-based rank whose tail share is p: n − p(n + 1).
      const rank = Math.min(n - 1, Math.max(0, n - Math.exp(logP) * (n + 1)));
      if (rank >= inHistogram) {
        q = large[Math.min(overflow - 1, Math.floor(rank - inHistogram))]!;
      } else {
        while (bin < HISTOGRAM_BINS - 1 && below + histogram[bin]! <= rank) {
          below += histogram[bin]!;
          bin++;
        }
        const inBin = histogram[bin]!;
        const within = inBin === 0 ? 0.5 : Math.min(1, (rank - below + 0.5) / inBin);
        q = Math.min(max, (bin + within) / BINS_PER_UNIT);
      }
    }
    // Monotone, and never below the reference (see "Degenerate residuals").
    q = Math.max(q, previous, REFERENCE_FRACTION * Math.sqrt(-2 * logP));
    quantiles[j] = q;
    previous = quantiles[j]!;
  }
  quantiles[0] = 0;
  return { quantiles, topLogP, tailRate: measureTailRate(quantiles, topLogP) };
}

/** `ln p` of level `j`. */
function levelLogP(j: number, topLogP: number): number {
  return (topLogP * j) / (CALIBRATION_LEVELS - 1);
}

/** The exponential tail rate over the decade of the table between the 100/(n+1) and 10/(n+1) levels. */
function measureTailRate(quantiles: Float32Array, topLogP: number): number {
  const last = CALIBRATION_LEVELS - 1;
  if (topLogP > -2 * LN10) return DEFAULT_TAIL_RATE; // fewer than ~100 residuals
  const hi = Math.round((last * (topLogP + LN10)) / topLogP);
  const lo = Math.round((last * (topLogP + 2 * LN10)) / topLogP);
  const dz = quantiles[hi]! - quantiles[lo]!;
  if (!(dz > 0)) return MAX_TAIL_RATE;
  const rate = (levelLogP(lo, topLogP) - levelLogP(hi, topLogP)) / dz;
  return Math.min(MAX_TAIL_RATE, Math.max(MIN_TAIL_RATE, rate));
}

/**
 * Scores `|z|` against a {@link CalibrationTable} in O(1) through a uniform
 * grid built once. Immutable.
 */
export class Calibrator {
  readonly table: CalibrationTable;
  /** Approximate bytes retained (grid plus table). */
  readonly byteSize: number;
  readonly #grid: Float64Array;
  readonly #cellsPerUnit: number;
  readonly #topZ: number;
  readonly #topLogP: number;
  readonly #tailRate: number;

  /**
   * @param grid where to keep the lookup grid: `CALIBRATION_GRID_CELLS + 2`
   *   float64s the calibrator owns from now on (a model may carve it from one
   *   allocation with its own tables). Default: a new array.
   */
  constructor(table: CalibrationTable, grid?: Float64Array) {
    if (grid !== undefined && grid.length !== CALIBRATION_GRID_CELLS + 2) {
      throw new RangeError(`calibration grid must hold ${CALIBRATION_GRID_CELLS + 2} values`);
    }
    this.table = table;
    const q = table.quantiles;
    const last = q.length - 1;
    this.#topZ = q[last]!;
    this.#topLogP = table.topLogP;
    this.#tailRate = table.tailRate;
    this.#cellsPerUnit = CALIBRATION_GRID_CELLS / this.#topZ;
    grid ??= new Float64Array(CALIBRATION_GRID_CELLS + 2);
    let j = 0;
    for (let g = 0; g <= CALIBRATION_GRID_CELLS; g++) {
      const z = (g * this.#topZ) / CALIBRATION_GRID_CELLS;
      while (j < last - 1 && q[j + 1]! < z) j++;
      // q[j] < z <= q[j + 1] (or z = 0): interpolate ln p; ties take the commoner level.
      const span = q[j + 1]! - q[j]!;
      const t = span > 0 ? Math.min(1, Math.max(0, (z - q[j]!) / span)) : 0;
      const logP = levelLogP(j, table.topLogP) * (1 - t) + levelLogP(j + 1, table.topLogP) * t;
      grid[g] = 1 - Math.exp(logP);
    }
    grid[CALIBRATION_GRID_CELLS + 1] = grid[CALIBRATION_GRID_CELLS]!;
    this.#grid = grid;
    this.byteSize = grid.byteLength + q.byteLength + 64;
  }

  /** The score of a residual `|z|` (non-negative; NaN scores 0). */
  score(absZ: number): number {
    const x = absZ * this.#cellsPerUnit;
    if (!(x > 0)) return 0;
    if (x < CALIBRATION_GRID_CELLS) {
      const i = x | 0;
      const a = this.#grid[i]!;
      return a + (x - i) * (this.#grid[i + 1]! - a);
    }
    const logP = this.#topLogP - this.#tailRate * (absZ - this.#topZ);
    return 1 - Math.exp(logP);
  }
}
