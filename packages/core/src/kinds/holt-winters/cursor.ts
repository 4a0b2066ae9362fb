import { DAY_SECONDS } from '../common/cycle.js';

const PER_DAY = 1 / DAY_SECONDS;

/**
 * The Holt-Winters recursion, shared by fitting (which runs it over the
 * history many times) and by fitted models (which run it over new points).
 *
 * Additive, error-correction form, with a damped trend and a daily seasonal
 * component kept on knots (linear interpolation between them), and robust
 * updates: the error that corrects the state is clipped to `clip` standard
 * deviations, so an outlier moves the state by at most that much.
 *
 * For a point `h` steps after the last update (h ≥ 1, from the timestamps):
 *   forecast  ŷ = level + trend·(φ + … + φ^h) + season(t)
 *   variance  v_h = v·(1 + (h − 1)·α²), at most max(v, varianceCap)
 *   error     e = x − ŷ;  e* = clamp(e, ±clip·√v_h)
 *   level    ← level + trend·(φ + … + φ^h) + α·e*
 *   trend    ← trend·φ^h + α·β·e*
 *   season   ← the two knots around t move by γ·e*, split by distance
 *   v        ← (1 − ρ)·v + ρ·min(e², (clip·√v_h)²)·v/v_h, at least floor²
 *
 * Cost: O(1) per point, no allocation; `Math.pow` only after a gap.
 */

/** Fixed settings of a recursion. */
export interface HoltWintersConfig {
  readonly stepSeconds: number;
  /** Level smoothing α in (0, 1). */
  readonly alpha: number;
  /** Trend smoothing as a fraction of α: the trend gain is α·β. */
  readonly beta: number;
  /** Seasonal gain per update γ (0 when there is no seasonal component). */
  readonly gamma: number;
  /** Trend damping φ per step, in (0, 1]. */
  readonly damping: number;
  /** Variance smoothing ρ. */
  readonly scaleAlpha: number;
  /** Errors are clipped to this many standard deviations for updates. */
  readonly clip: number;
  /** Seasonal knots per day (0: no seasonal component). */
  readonly knots: number;
  /** Seconds between knots (a day / knots). */
  readonly knotSeconds: number;
  /** Offset of the first knot from midnight, seconds. */
  readonly knotOffsetSeconds: number;
  /** Cap on the gap-widened variance (the training values' variance). */
  readonly varianceCap: number;
  /** Smallest standard deviation. */
  readonly scaleFloor: number;
}

/** The state a cursor starts from. */
export interface HoltWintersState {
  level: number;
  trend: number;
  variance: number;
  /** Time of the last finite update; the state is as of then. */
  anchorSeconds: number;
  /** Time of the last update of any kind (NaN values advance it). */
  lastSeconds: number;
  /** Seasonal knots (copied by the cursor). */
  readonly season: ArrayLike<number>;
}

/** A running Holt-Winters state. `forecast(t)` then optionally `commit(t, x)`. */
export class HoltWintersCursor {
  level: number;
  trend: number;
  variance: number;
  anchorSeconds: number;
  lastSeconds: number;
  readonly season: Float64Array;
  /** Set by {@link forecast}: the expected value. */
  expected = 0;
  /** Set by {@link forecast}: the standard deviation of the forecast error. */
  sd = 0;

  // The configuration, copied into fields: the hot methods read nothing else.
  readonly #perStep: number;
  readonly #alpha: number;
  readonly #trendGain: number;
  readonly #gamma: number;
  readonly #damping: number;
  readonly #scaleAlpha: number;
  readonly #clip: number;
  readonly #knots: number;
  readonly #perKnot: number;
  readonly #knotOffset: number;
  readonly #varianceCap: number;
  readonly #varianceFloor: number;
  // Cached by forecast for commit.
  #trendSum = 0;
  #trendDecay = 1;
  #knot = 0;
  #fraction = 0;
  #inverseRatio = 1;

  constructor(config: HoltWintersConfig, state: HoltWintersState) {
    this.#perStep = 1 / config.stepSeconds;
    this.#alpha = config.alpha;
    this.#trendGain = config.alpha * config.beta;
    this.#gamma = config.gamma;
    this.#damping = config.damping;
    this.#scaleAlpha = config.scaleAlpha;
    this.#clip = config.clip;
    this.#knots = config.knots;
    this.#perKnot = config.knots > 0 ? 1 / config.knotSeconds : 0;
    this.#knotOffset = config.knotOffsetSeconds;
    this.#varianceCap = config.varianceCap;
    this.#varianceFloor = config.scaleFloor * config.scaleFloor;
    this.level = state.level;
    this.trend = state.trend;
    this.variance = state.variance;
    this.anchorSeconds = state.anchorSeconds;
    this.lastSeconds = state.lastSeconds;
    this.season = Float64Array.from(state.season);
  }

  /** Computes {@link expected} and {@link sd} for a point at `t`. */
  forecast(t: number): void {
    let h = Math.round((t - this.anchorSeconds) * this.#perStep);
    if (!(h >= 1)) h = 1;
    const phi = this.#damping;
    let trendSum = phi;
    let decay = phi;
    let ratio = 1;
    let inverseRatio = 1;
    if (h !== 1) {
      decay = phi ** h;
      trendSum = phi === 1 ? h : (phi * (1 - decay)) / (1 - phi);
      const alpha = this.#alpha;
      const cap = Math.max(this.#varianceCap, this.variance);
      ratio = Math.min(1 + (h - 1) * alpha * alpha, cap / this.variance);
      inverseRatio = 1 / ratio;
    }
    let seasonal = 0;
    const knots = this.#knots;
    if (knots > 0) {
      const phase = t - Math.floor(t * PER_DAY) * DAY_SECONDS;
      let u = (phase - this.#knotOffset) * this.#perKnot;
      if (u < 0) u += knots;
      let k = Math.floor(u);
      const f = u - k;
      if (k >= knots) k -= knots;
      const k2 = k + 1 === knots ? 0 : k + 1;
      const season = this.season;
      seasonal = season[k]! + f * (season[k2]! - season[k]!);
      this.#knot = k;
      this.#fraction = f;
    }
    this.#trendSum = trendSum;
    this.#trendDecay = decay;
    this.#inverseRatio = inverseRatio;
    this.expected = this.level + this.trend * trendSum + seasonal;
    this.sd = Math.sqrt(this.variance * ratio);
  }

  /**
   * Consumes `x` at `t`, right after `forecast(t)`. A NaN (or infinite) value
   * only advances time; a `t` not after the last update is ignored.
   */
  commit(t: number, x: number): void {
    if (!(t > this.lastSeconds)) return;
    this.lastSeconds = t;
    if (!Number.isFinite(x)) return;
    const error = x - this.expected;
    const limit = this.#clip * this.sd;
    const clipped = error > limit ? limit : Math.max(error, -limit);
    this.level += this.trend * this.#trendSum + this.#alpha * clipped;
    this.trend = this.trend * this.#trendDecay + this.#trendGain * clipped;
    const knots = this.#knots;
    if (knots > 0) {
      const k = this.#knot;
      const k2 = k + 1 === knots ? 0 : k + 1;
      const f = this.#fraction;
      const gain = this.#gamma * clipped;
      const season = this.season;
      season[k] = season[k]! + gain * (1 - f);
      season[k2] = season[k2]! + gain * f;
    }
    const squared = Math.min(error * error, limit * limit);
    const rho = this.#scaleAlpha;
    const v = (1 - rho) * this.variance + rho * squared * this.#inverseRatio;
    this.variance = Math.max(v, this.#varianceFloor);
    this.anchorSeconds = t;
  }

  /**
   * Runs forecast-then-commit over points `from..to` of a history (finite
   * values, ascending times) and returns the sum of squared one-step errors
   * of the points from `countFrom` on; when `absZ` is given, writes their
   * |error| / sd there instead (in order) and returns how many.
   *
   * The same recursion as {@link forecast} and {@link commit}, with the state
   * in local variables: fitting runs it dozens of times over the history.
   */
  runHistory(
    ts: Float64Array,
    xs: Float64Array,
    from: number,
    to: number,
    countFrom: number,
    absZ?: Float64Array,
  ): number {
    let level = this.level;
    let trend = this.trend;
    let variance = this.variance;
    let anchor = this.anchorSeconds;
    const season = this.season;
    const perStep = this.#perStep;
    const alpha = this.#alpha;
    const trendGain = this.#trendGain;
    const gamma = this.#gamma;
    const phi = this.#damping;
    const rho = this.#scaleAlpha;
    const clip = this.#clip;
    const knots = this.#knots;
    const perKnot = this.#perKnot;
    const knotOffset = this.#knotOffset;
    const varianceCap = this.#varianceCap;
    const varianceFloor = this.#varianceFloor;
    let total = 0;
    let count = 0;
    for (let i = from; i < to; i++) {
      const t = ts[i]!;
      const x = xs[i]!;
      let h = Math.round((t - anchor) * perStep);
      if (!(h >= 1)) h = 1;
      let trendSum = phi;
      let decay = phi;
      let ratio = 1;
      let inverseRatio = 1;
      if (h !== 1) {
        decay = phi ** h;
        trendSum = phi === 1 ? h : (phi * (1 - decay)) / (1 - phi);
        const cap = Math.max(varianceCap, variance);
        ratio = Math.min(1 + (h - 1) * alpha * alpha, cap / variance);
        inverseRatio = 1 / ratio;
      }
      let k = 0;
      let k2 = 0;
      let f = 0;
      let seasonal = 0;
      if (knots > 0) {
        // Multiplying by 1/day may land a midnight one day early: phase = a
        // day, which wraps below like phase 0.
        const phase = t - Math.floor(t * PER_DAY) * DAY_SECONDS;
        let u = (phase - knotOffset) * perKnot;
        if (u < 0) u += knots;
        k = Math.floor(u);
        f = u - k;
        if (k >= knots) k -= knots;
        k2 = k + 1 === knots ? 0 : k + 1;
        seasonal = season[k]! + f * (season[k2]! - season[k]!);
      }
      const sd = Math.sqrt(variance * ratio);
      const error = x - (level + trend * trendSum + seasonal);
      if (i >= countFrom) {
        if (absZ === undefined) total += error * error;
        else absZ[count] = Math.abs(error) / sd;
        count++;
      }
      const limit = clip * sd;
      const clipped = error > limit ? limit : Math.max(error, -limit);
      level += trend * trendSum + alpha * clipped;
      trend = trend * decay + trendGain * clipped;
      if (knots > 0) {
        const gain = gamma * clipped;
        season[k] = season[k]! + gain * (1 - f);
        season[k2] = season[k2]! + gain * f;
      }
      const squared = Math.min(error * error, limit * limit);
      const v = (1 - rho) * variance + rho * squared * inverseRatio;
      variance = Math.max(v, varianceFloor);
      anchor = t;
    }
    this.level = level;
    this.trend = trend;
    this.variance = variance;
    this.anchorSeconds = anchor;
    if (to > from && ts[to - 1]! > this.lastSeconds) this.lastSeconds = ts[to - 1]!;
    return absZ === undefined ? total : count;
  }
}
