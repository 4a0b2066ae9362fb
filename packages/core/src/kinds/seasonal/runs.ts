import { type CalibrationTable, fitCalibration } from '../../calibrate.js';
import { scratchFloat64, scratchInt32 } from '../../kernels/scratch.js';
import { medianInPlace } from '../../kernels/select.js';
import {
  DAY_SECONDS,
  daySlotSeconds,
  fillCyclicGaps,
  knotOffsetSeconds,
  WEEK_SECONDS,
} from '../common/cycle.js';
import type { TrainingSet } from '../common/history.js';
import type { SeasonalLayout } from './fit.js';

/**
 * The seasonal fit's working set: the training points cut into runs, one per
 * (day, daily slot), each summarised by its mean; profiles fitted on the run
 * summaries; honest residuals and the robust scale per slot; calibration.
 * See `./fit.ts` for the method and its cost. All arrays are fit scratch.
 */

/** Robust sigma from a median absolute deviation (Gaussian consistency). */
const MAD_TO_SIGMA = 1.4826;
/** Prior weight, in points, pulling a slot's scale toward the global scale. */
const SCALE_PRIOR_POINTS = 30;
/** Run length of a one-slot profile, in seconds (at least a step). */
const GLOBAL_RUN_SECONDS = 1800;

/** The robust scale per daily slot, and how many points each slot holds. */
export interface SlotScales {
  readonly scale: Float64Array;
  readonly counts: Int32Array;
}

/** A daily profile with its weekly adjustment. */
export interface Profile {
  readonly location: Float64Array;
  readonly weekly: Float64Array;
}

/** The training points cut into (day, slot) runs, with their means. */
export class Runs {
  readonly #t: Float64Array;
  readonly #x: Float64Array;
  readonly #n: number;
  readonly #layout: SeasonalLayout;
  readonly #dayOffset: number;
  readonly #weekOffset: number;
  readonly #count: number;
  /** Index of each run's first point; entry `count` is n. */
  readonly #start: Int32Array;
  readonly #day: Int32Array;
  readonly #slot: Int32Array;
  /** Weekly cell of each run's first point (0 when the weekly adjustment is off). */
  readonly #cell: Int32Array;
  /** Mean value of each run. */
  readonly #mean: Float64Array;
  /** Scratch of n entries: run summaries grouped by slot or cell, then |residuals| grouped by slot, then |z|. */
  readonly #scratch: Float64Array;

  constructor(set: TrainingSet, layout: SeasonalLayout) {
    const t = set.timestamps;
    const x = set.values;
    const n = set.count;
    const step = set.info.stepSeconds;
    this.#t = t;
    this.#x = x;
    this.#n = n;
    this.#layout = layout;
    this.#dayOffset = knotOffsetSeconds(layout.slotSeconds, step);
    this.#weekOffset = layout.weekCells > 0 ? knotOffsetSeconds(layout.weekBlockSeconds, step) : 0;
    const slotSeconds = layout.slotSeconds;

    // Runs: maximal stretches of consecutive points in one (day, slot). Points
    // ascend, so a run ends when a point reaches the end of its slot. A
    // one-slot profile cuts its day into runs of 30 min (or a step), so its
    // location is still a median over many runs.
    const runSeconds =
      layout.daySlots > 1 ? slotSeconds : daySlotSeconds(Math.max(step, GLOBAL_RUN_SECONDS));
    // At most one run per run length the history spans, plus one.
    const maxRuns = Math.min(n, Math.floor((t[n - 1]! - t[0]!) / runSeconds) + 2);
    const start = scratchInt32(maxRuns + 1);
    const day = scratchInt32(maxRuns);
    const slot = scratchInt32(maxRuns);
    const mean = scratchFloat64(maxRuns);
    let count = 0;
    let runEnd = Number.NEGATIVE_INFINITY;
    let sum = 0;
    for (let i = 0; i < n; i++) {
      const ti = t[i]!;
      if (ti >= runEnd) {
        if (count > 0) mean[count - 1] = sum / (i - start[count - 1]!);
        const d = Math.floor(ti / DAY_SECONDS);
        const phase = ti - d * DAY_SECONDS;
        start[count] = i;
        day[count] = d;
        slot[count] = Math.min(layout.daySlots - 1, Math.floor(phase / slotSeconds));
        count++;
        runEnd = d * DAY_SECONDS + (Math.floor(phase / runSeconds) + 1) * runSeconds;
        sum = 0;
      }
      sum += x[i]!;
    }
    mean[count - 1] = sum / (n - start[count - 1]!);
    start[count] = n;
    this.#count = count;
    this.#start = start;
    this.#day = day;
    this.#slot = slot;

    this.#cell = scratchInt32(count).fill(0);
    if (layout.weekCells > 0) {
      for (let r = 0; r < count; r++) {
        const first = t[start[r]!]!;
        const phase = first - Math.floor(first / WEEK_SECONDS) * WEEK_SECONDS;
        this.#cell[r] = Math.min(layout.weekCells - 1, Math.floor(phase / layout.weekBlockSeconds));
      }
    }

    this.#scratch = scratchFloat64(n);
    this.#mean = mean;
  }

  /** True when the points fall on both even and odd days. */
  hasBothParities(): boolean {
    let odd = 0;
    for (let r = 0; r < this.#count; r++) odd += this.#day[r]! & 1;
    return odd > 0 && odd < this.#count;
  }

  /**
   * The profile fitted on the runs of `fold` (day parity 0 or 1; -1 for all):
   * location = median of the run means per slot (empty slots interpolated
   * from their neighbours); weekly = median residual of the run means in each
   * cell, shrunk by `d / (d + priorWeeks)` for the `d` days seen in the cell.
   */
  profile(fold: number, priorWeeks: number): Profile {
    const { daySlots, weekCells } = this.#layout;
    const values = scratchFloat64(this.#count);
    for (let r = 0; r < this.#count; r++) values[r] = this.#mean[r]!;
    const location = scratchFloat64(daySlots);
    const counts = this.#medians(fold, this.#slot, values, location);
    fillCyclicGaps(location, counts, 0);

    const weekly = scratchFloat64(weekCells);
    if (weekCells === 0) return { location, weekly };
    for (let r = 0; r < this.#count; r++) values[r] = this.#mean[r]! - location[this.#slot[r]!]!;
    this.#medians(fold, this.#cell, values, weekly);
    const days = scratchInt32(weekCells).fill(0);
    const lastDay = scratchInt32(weekCells).fill(-1);
    for (let r = 0; r < this.#count; r++) {
      const d = this.#day[r]!;
      const c = this.#cell[r]!;
      if ((fold < 0 || (d & 1) === fold) && lastDay[c] !== d) {
        lastDay[c] = d;
        days[c]!++;
      }
    }
    for (let c = 0; c < weekCells; c++)
      weekly[c] = (weekly[c]! * days[c]!) / (days[c]! + priorWeeks);
    return { location, weekly };
  }

  /**
   * Medians of `values` (one per run) grouped by `group` over the runs in `fold`,
   * into `out` (0 for an empty group); returns the run count per group.
   */
  #medians(fold: number, group: Int32Array, values: Float64Array, out: Float64Array): Int32Array {
    const groups = out.length;
    const counts = scratchInt32(groups).fill(0);
    const cursor = scratchInt32(groups + 1).fill(0);
    for (let r = 0; r < this.#count; r++) {
      if (fold < 0 || (this.#day[r]! & 1) === fold) counts[group[r]!]!++;
    }
    for (let g = 0; g < groups; g++) cursor[g + 1] = cursor[g]! + counts[g]!;
    const gathered = this.#scratch;
    for (let r = 0; r < this.#count; r++) {
      if (fold < 0 || (this.#day[r]! & 1) === fold) gathered[cursor[group[r]!]!++] = values[r]!;
    }
    let at = 0;
    for (let g = 0; g < groups; g++) {
      const m = counts[g]!;
      out[g] = m > 0 ? medianInPlace(gathered, at, at + m) : 0;
      at += m;
    }
    return counts;
  }

  /**
   * The |residual| of every point against the profile of the other parity
   * (`even` judges odd days, `odd` judges even days), times `widen`, gathered
   * by daily slot into the scratch array; then the robust scale per daily slot
   * from them (see {@link Runs.#scale}).
   */
  residualsAndScale(even: Profile, odd: Profile, widen: number, floor: number): SlotScales {
    const { slotSeconds, weekBlockSeconds, daySlots } = this.#layout;
    const perSlot = 1 / slotSeconds;
    const perCell = weekBlockSeconds > 0 ? 1 / weekBlockSeconds : 0;
    // |residuals| are gathered by slot as they are computed; runs are contiguous.
    const counts = scratchInt32(daySlots).fill(0);
    for (let r = 0; r < this.#count; r++) {
      counts[this.#slot[r]!]! += this.#start[r + 1]! - this.#start[r]!;
    }
    const cursor = scratchInt32(daySlots + 1).fill(0);
    for (let k = 0; k < daySlots; k++) cursor[k + 1] = cursor[k]! + counts[k]!;
    const gathered = this.#scratch;
    const t = this.#t;
    const x = this.#x;
    const start = this.#start;
    const runDay = this.#day;
    const runSlot = this.#slot;
    const dayOffset = this.#dayOffset;
    const weekOffset = this.#weekOffset;
    for (let r = 0; r < this.#count; r++) {
      const d = runDay[r]!;
      const profile = (d & 1) === 1 ? even : odd;
      const location = profile.location;
      const weekly = profile.weekly;
      const slots = location.length;
      const cells = weekly.length;
      const dayStart = d * DAY_SECONDS;
      // Where this day starts in the (epoch-aligned) week.
      const weekStart = (((d % 7) + 7) % 7) * DAY_SECONDS;
      let at = cursor[runSlot[r]!]!;
      const end = start[r + 1]!;
      for (let i = start[r]!; i < end; i++) {
        const dayPhase = t[i]! - dayStart;
        let u = (dayPhase - dayOffset) * perSlot;
        if (u < 0) u += slots;
        // u is in [0, slots], so truncation is the floor.
        let k = u | 0;
        const f = u - k;
        if (k >= slots) k -= slots;
        const k2 = k + 1 === slots ? 0 : k + 1;
        let e = location[k]! + f * (location[k2]! - location[k]!);
        if (cells > 0) {
          let w = (weekStart + dayPhase - weekOffset) * perCell;
          if (w < 0) w += cells;
          let c = w | 0;
          const g = w - c;
          if (c >= cells) c -= cells;
          const c2 = c + 1 === cells ? 0 : c + 1;
          e += weekly[c]! + g * (weekly[c2]! - weekly[c]!);
        }
        gathered[at++] = Math.abs((x[i]! - e) * widen);
      }
      cursor[runSlot[r]!] = at;
    }
    return { scale: this.#scale(counts, floor), counts };
  }

  /**
   * Robust scale per daily slot from the gathered |residuals|: 1.4826 × median
   * of the slot's points, pooled with the neighbouring slots (weights 1-2-1 by
   * point count) and shrunk toward the global pooled scale, then floored.
   */
  #scale(counts: Int32Array, floor: number): Float64Array {
    const slots = counts.length;
    const gathered = this.#scratch;
    const variance = scratchFloat64(slots);
    let at = 0;
    let globalSum = 0;
    for (let k = 0; k < slots; k++) {
      const m = counts[k]!;
      const s = m > 0 ? MAD_TO_SIGMA * medianInPlace(gathered, at, at + m) : 0;
      at += m;
      variance[k] = s * s;
      globalSum += m * s * s;
    }
    const global = globalSum / this.#n;
    const scale = scratchFloat64(slots);
    for (let k = 0; k < slots; k++) {
      const prev = k === 0 ? slots - 1 : k - 1;
      const next = k + 1 === slots ? 0 : k + 1;
      const weight = counts[prev]! + 2 * counts[k]! + counts[next]!;
      const pooled =
        counts[prev]! * variance[prev]! +
        2 * counts[k]! * variance[k]! +
        counts[next]! * variance[next]!;
      const pooledScale = Math.sqrt(
        (pooled + SCALE_PRIOR_POINTS * global) / (weight + SCALE_PRIOR_POINTS),
      );
      scale[k] = Math.max(floor, pooledScale);
    }
    return scale;
  }

  /**
   * The calibration table of |residual| / scale over all points, from the
   * |residuals| still gathered by slot (in any order within a slot) by
   * {@link Runs.residualsAndScale}. Each slot's points are divided by the
   * scale at its knot, not the scale interpolated to each point: scales are
   * pooled across neighbouring slots, so the two differ by a small fraction,
   * and one pass over contiguous memory is several times cheaper.
   */
  calibrate(scale: Float32Array, counts: Int32Array, out: Float32Array): CalibrationTable {
    const slots = scale.length;
    const gathered = this.#scratch;
    let at = 0;
    for (let k = 0; k < slots; k++) {
      const inverse = 1 / scale[k]!;
      const end = at + counts[k]!;
      for (let i = at; i < end; i++) gathered[i] = gathered[i]! * inverse;
      at = end;
    }
    return fitCalibration(gathered, this.#n, out);
  }
}
