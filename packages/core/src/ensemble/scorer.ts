import type { AggregateFn } from '../aggregate.js';
import { BucketAccumulator } from '../bucket-accumulator.js';
import { MyriadError } from '../errors.js';
import { createPrediction, type Prediction, type Scorer } from '../model.js';
import { normalCdf, normalQuantile } from './normal.js';
import type { EnsemblePostStep, ResolvedAlertOptions, ResolvedEnsembleOptions } from './options.js';
import type { EnsembleResult } from './result.js';
import { PointWindow } from './window.js';

/**
 * Feeds fine points one at a time; results are identical to `Ensemble.score`
 * over the same points (which is implemented with one of these).
 */
export interface EnsembleScorer {
  /**
   * Scores one fine point against data up to and including it, and writes
   * entry `index` of every array in `out`. A NaN (or null) value is a missing
   * point: every score 0, no alert, expected still written.
   * @throws MyriadError `INVALID_INPUT` for a non-finite timestamp, one earlier than the
   *   previous point's, or an `index`/`out` that does not fit; the state is then unchanged.
   */
  push(timestampSeconds: number, value: number, out: EnsembleResult, index: number): void;
  /** Timestamp of the last pushed point, −Infinity before the first. */
  readonly lastTimestampSeconds: number;
}

/** Probit scores are clamped here: −3 keeps one very normal member from vetoing; 8 ≈ Φ⁻¹(1 − 6e-16). */
const Z_MIN = -3;
const Z_MAX = 8;

interface MemberState {
  readonly slot: number;
  readonly seconds: number;
  readonly weight: number;
  readonly pointsPerBucket: number;
  readonly scorer: Scorer;
  /** The aligned bucket so far; fed to `update` when the bucket completes. */
  readonly acc: BucketAccumulator;
  /** The points scored (mean/sum with several points per bucket), else null. */
  readonly window: PointWindow | null;
  readonly pred: Prediction;
  bucket: number;
  /** The member's expectations for the previous, current and next bucket. */
  ePrev: number;
  eCur: number;
  eNext: number;
}

function clamp01(x: number): number {
  return x >= 0 ? Math.min(x, 1) : 0; // NaN → 0
}

/**
 * The streaming ensemble; see `Ensemble` for the rules. Per point and member:
 * when the point opens a new aligned bucket, the finished bucket's full
 * aggregate is fed to the member with `Scorer.update` (exactly once), and the
 * member's expectations for the previous, this and the next bucket are read.
 * The point then joins the member's window (for members after the finest,
 * winsorised into the finest member's band), which is scored with
 * `Scorer.score` at the bucket start: its mean is compared with the member's
 * expectation interpolated (linearly between bucket centres) at the window's
 * mean time, so a partial window is not biased by the season's slope inside a
 * bucket; a window of k < n points has its deviation scaled by √(k/n), the
 * ratio of standard errors under independent noise. `sum` is handled per point
 * (× n); `count`, `min`, `max` and `p95` score the aligned partial bucket as is.
 */
export class EnsembleStream implements EnsembleScorer {
  readonly #states: MemberState[] = [];
  readonly #absentSlots: number[] = [];
  readonly #memberCount: number;
  readonly #fn: AggregateFn;
  readonly #trailing: boolean;
  readonly #halfStep: number;
  readonly #spikeMarginZ: number;
  readonly #alert: ResolvedAlertOptions;
  readonly #post: EnsemblePostStep | null;
  readonly #ring: Uint8Array;
  #ringPos = 0;
  #hits = 0;
  #lastAlert = Number.NEGATIVE_INFINITY;
  #last = Number.NEGATIVE_INFINITY;

  constructor(options: ResolvedEnsembleOptions) {
    this.#memberCount = options.members.length;
    const windowed = options.fn === 'mean' || options.fn === 'sum';
    options.members.forEach((member, slot) => {
      if (member.model === null) {
        this.#absentSlots.push(slot);
        return;
      }
      const n = member.pointsPerBucket;
      this.#states.push({
        slot,
        seconds: member.resolution.seconds,
        weight: member.weight,
        pointsPerBucket: n,
        scorer: member.model.scorer(),
        acc: new BucketAccumulator(options.fn),
        window: windowed && n > 1 ? new PointWindow(n + 1) : null,
        pred: createPrediction(1),
        bucket: Number.NaN,
        ePrev: Number.NaN,
        eCur: Number.NaN,
        eNext: Number.NaN,
      });
    });
    this.#fn = options.fn;
    this.#trailing = options.coarseWindow === 'trailing';
    this.#halfStep = options.inputStepSeconds / 2;
    this.#spikeMarginZ = options.spikeMarginZ;
    this.#alert = options.alert;
    this.#post = options.postStep === null ? null : options.postStep();
    this.#ring = new Uint8Array(options.alert.confirm.m);
  }

  get lastTimestampSeconds(): number {
    return this.#last;
  }

  push(t: number, value: number, out: EnsembleResult, index: number): void {
    this.#check(t, out, index);
    this.#last = t;
    const finite = typeof value === 'number' && Number.isFinite(value);
    let z = 0;
    let zFinest = 0;
    let first = 0;
    // Coarse windows get the value winsorised into the finest member's band, so one
    // outlier moves a coarse window by at most a band's width (no long echo of a spike).
    let clipped = value;
    for (let i = 0; i < this.#states.length; i++) {
      const s = this.#states[i] as MemberState;
      const b = Math.floor(t / s.seconds) * s.seconds;
      if (b !== s.bucket) this.#open(s, b);
      let score = 0;
      if (finite) {
        s.acc.add(value);
        s.window?.push(t, i === 0 ? value : clipped);
        s.window?.evictBefore(this.#trailing ? t - s.seconds : b, this.#trailing);
        score = this.#scoreMember(s, b);
        const q = Math.min(Z_MAX, Math.max(Z_MIN, normalQuantile(score)));
        z += s.weight * q;
        if (i === 0) {
          first = score;
          zFinest = q;
          clipped = this.#clip(s, value);
        }
      } else if (i === 0) {
        s.scorer.score(b, Number.NaN, s.pred, 0); // for the expected value and band only
      }
      (out.scores[s.slot] as Float64Array)[index] = score;
    }
    for (const slot of this.#absentSlots) (out.scores[slot] as Float64Array)[index] = 0;
    const expected = this.#writeBand(finite ? value : 0, out, index);

    // One member: its score passes through exactly. More: Φ of the weighted mean probit,
    // or an extreme finest score alone (point path), whichever is higher.
    let raw = 0;
    if (finite) {
      raw =
        this.#states.length === 1
          ? first
          : clamp01(Math.max(normalCdf(z), normalCdf(zFinest - this.#spikeMarginZ)));
    }
    const combined = this.#post === null ? raw : clamp01(this.#post.step(t, value, raw));
    out.rawCombined[index] = raw;
    out.combined[index] = combined;
    out.alert[index] = this.#decide(t, finite ? value - expected : Number.NaN, expected, combined);
  }

  /** `value` clamped into the finest member's band for its last score (widened by √n for a window). */
  #clip(s: MemberState, value: number): number {
    const e = s.pred.expected[0] as number;
    const half =
      (((s.pred.upper[0] as number) - (s.pred.lower[0] as number)) / 2) *
      Math.sqrt(s.pointsPerBucket);
    if (!Number.isFinite(e) || !(half >= 0) || !Number.isFinite(half)) return value;
    return Math.min(e + half, Math.max(e - half, value));
  }

  /** Writes the finest member's expected value and band (never NaN); returns the expected value. */
  #writeBand(fallback: number, out: EnsembleResult, index: number): number {
    const finest = (this.#states[0] as MemberState).pred;
    let expected = finest.expected[0] as number;
    let lower = finest.lower[0] as number;
    let upper = finest.upper[0] as number;
    if (!Number.isFinite(expected)) expected = fallback;
    if (!Number.isFinite(lower)) lower = expected;
    if (!Number.isFinite(upper)) upper = expected;
    out.expected[index] = expected;
    out.lower[index] = lower;
    out.upper[index] = upper;
    return expected;
  }

  #check(t: number, out: EnsembleResult, index: number): void {
    if (typeof t !== 'number' || !Number.isFinite(t)) {
      throw new MyriadError(
        'INVALID_INPUT',
        `timestamp at index ${index} must be finite, got ${t}`,
      );
    }
    if (t < this.#last) {
      throw new MyriadError(
        'INVALID_INPUT',
        `timestamps must not decrease: index ${index} has ${t} after ${this.#last}`,
      );
    }
    if (!Number.isInteger(index) || index < 0 || index >= out.length) {
      throw new MyriadError(
        'INVALID_INPUT',
        `index ${index} is outside out (length ${out.length})`,
      );
    }
    if (out.scores.length !== this.#memberCount) {
      throw new MyriadError(
        'INVALID_INPUT',
        `out has ${out.scores.length} member score arrays, the ensemble has ${this.#memberCount} members`,
      );
    }
  }

  /** Feeds the finished bucket to the member and reads its expectations around bucket `b`. */
  #open(s: MemberState, b: number): void {
    const previous = s.bucket;
    if (s.acc.count > 0) s.scorer.update(previous, s.acc.value());
    s.acc.reset();
    s.bucket = b;
    if (s.window === null) return;
    if (!this.#trailing) s.window.clear();
    // The previous bucket's expectation as forecast before it was observed.
    s.ePrev =
      previous === b - s.seconds && Number.isFinite(s.eCur)
        ? s.eCur
        : this.#expect(s, b - s.seconds);
    s.eCur = this.#expect(s, b);
    s.eNext = this.#expect(s, b + s.seconds);
  }

  #expect(s: MemberState, t: number): number {
    s.scorer.score(t, Number.NaN, s.pred, 0);
    return s.pred.expected[0] as number;
  }

  /** Scores the member's window (or aligned partial bucket), de-biased and de-noised as described above. */
  #scoreMember(s: MemberState, bucket: number): number {
    const w = s.window;
    if (w === null || !Number.isFinite(s.eCur)) {
      s.scorer.score(bucket, s.acc.value(), s.pred, 0);
      return clamp01(s.pred.scores[0] as number);
    }
    const n = s.pointsPerBucket;
    const k = w.count;
    // Expectation at the window's mean time; a full bucket's points average to its centre.
    const offset = w.meanTime - (bucket + s.seconds / 2 - this.#halfStep);
    const other = offset < 0 ? s.ePrev : s.eNext;
    const slope = Number.isFinite(other) ? (offset < 0 ? s.eCur - other : other - s.eCur) : 0;
    const expected = s.eCur + (slope * offset) / s.seconds;
    const scale = k < n ? Math.sqrt(k / n) : 1;
    // sum: compare per-point means, then back to a bucket sum (× n).
    const value =
      this.#fn === 'sum'
        ? s.eCur + n * (w.mean - expected / n) * scale
        : s.eCur + (w.mean - expected) * scale;
    s.scorer.score(bucket, value, s.pred, 0);
    return clamp01(s.pred.scores[0] as number);
  }

  /** Threshold, deviation and direction make a candidate; N-of-M and suppression make an alert. */
  #decide(t: number, deviation: number, expected: number, combined: number): number {
    const a = this.#alert;
    const size = Math.abs(deviation);
    const candidate =
      combined >= a.threshold &&
      size >= a.minDeviation &&
      size >= a.minRelativeDeviation * Math.abs(expected) &&
      (a.direction === 'both' || (a.direction === 'up' ? deviation > 0 : deviation < 0))
        ? 1
        : 0;
    this.#hits += candidate - (this.#ring[this.#ringPos] as number);
    this.#ring[this.#ringPos] = candidate;
    this.#ringPos = this.#ringPos + 1 === this.#ring.length ? 0 : this.#ringPos + 1;
    // Only a candidate alerts: N-of-M confirms it, it never re-fires on a normal point.
    if (candidate === 0 || this.#hits < a.confirm.n) return 0;
    if (t < this.#lastAlert + a.suppressSeconds) return 0;
    this.#lastAlert = t;
    return 1;
  }
}
