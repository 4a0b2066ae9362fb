import {
  createDefaultRegistry,
  createPrediction,
  type KindRegistry,
  type Model,
} from '@myriad/core';
import { nowNs, percentile, round } from '../store/measure.js';
import { syntheticHistory } from '../store/synthetic.js';

/** Options of {@link runCoreBench}. */
export interface CoreBenchOptions {
  /** Kinds to measure. Default: core's built-in kinds. */
  readonly registry?: KindRegistry;
  /** Timed fits per kind and history (after as many untimed warm-up fits). Default: 51. */
  readonly fitRounds?: number;
  /** Timed predict calls per kind and history (after warm-up). Default: 51. */
  readonly predictRounds?: number;
  /** Called after each kind and history is measured. */
  readonly onProgress?: (done: number, total: number) => void;
}

/** One kind on one history. */
export interface CoreBenchRow {
  readonly kind: string;
  readonly resolution: string;
  /** Training points. */
  readonly points: number;
  /** Median wall time of one fit, ms. */
  readonly fitMs: number;
  readonly fitsPerSec: number;
  /** Points scored per second by `predict` (calibration included) on the next `points` points. */
  readonly predictPointsPerSec: number;
}

/** What `myriad bench core` prints (the last line with `--json`). */
export interface CoreBenchSummary {
  /** Seasonal fit on 7 days of 1m points (10,080), median ms. Target ≤ 0.5. */
  readonly seasonalFitMs: number;
  /** Holt-Winters fit on 28 days of 15m points (2,688), median ms. Target ≤ 5. */
  readonly holtWintersFitMs: number;
  /** Baseline fit on 7 days of 1m points (10,080), median ms. */
  readonly baselineFitMs: number;
  /** Seasonal predict (calibration included) on 1m points, points per second. Target ≥ 10 million. */
  readonly seasonalPredictPointsPerSec: number;
  readonly rows: readonly CoreBenchRow[];
}

/** The histories measured: 7 days at 1m, 28 days at 15m, 28 days at 1h. */
const HISTORIES = [
  { resolution: '1m', stepSeconds: 60, days: 7 },
  { resolution: '15m', stepSeconds: 900, days: 28 },
  { resolution: '1h', stepSeconds: 3600, days: 28 },
] as const;

/**
 * Fits per second of every kind and predict throughput, on synthetic seasonal
 * histories of 7 days at 1m, 28 days at 15m and 28 days at 1h. Single-threaded;
 * medians of individually timed calls, so other processes' noise moves them
 * little.
 */
export function runCoreBench(options: CoreBenchOptions = {}): CoreBenchSummary {
  const registry = options.registry ?? createDefaultRegistry();
  const fitRounds = options.fitRounds ?? 51;
  const predictRounds = options.predictRounds ?? 51;
  const kinds = registry.names();
  const total = kinds.length * HISTORIES.length;
  const rows: CoreBenchRow[] = [];
  for (const history of HISTORIES) {
    // Twice the window: the first half trains, the second is scored.
    const series = syntheticHistory(history.stepSeconds, 2 * history.days, 7);
    const timestamps = Float64Array.from(series.timestamps);
    const values = Float64Array.from(series.values);
    const half = timestamps.length / 2;
    const train = { timestamps: timestamps.subarray(0, half), values: values.subarray(0, half) };
    const later = { timestamps: timestamps.subarray(half), values: values.subarray(half) };
    for (const name of kinds) {
      const kind = registry.get(name);
      const fitOnce = () => kind.fit(train, { stepSeconds: history.stepSeconds });
      const fitMs = medianMs(fitOnce, fitRounds);
      const model: Model = fitOnce();
      const out = createPrediction(half);
      const predictMs = medianMs(() => model.predict(later, out), predictRounds);
      rows.push({
        kind: name,
        resolution: history.resolution,
        points: half,
        fitMs: round(fitMs, 3),
        fitsPerSec: Math.round(1000 / fitMs),
        predictPointsPerSec: Math.round((half * 1000) / predictMs),
      });
      options.onProgress?.(rows.length, total);
    }
  }
  const row = (kind: string, resolution: string) =>
    rows.find((r) => r.kind === kind && r.resolution === resolution);
  return {
    seasonalFitMs: row('seasonal', '1m')?.fitMs ?? Number.NaN,
    holtWintersFitMs: row('holt-winters', '15m')?.fitMs ?? Number.NaN,
    baselineFitMs: row('baseline', '1m')?.fitMs ?? Number.NaN,
    seasonalPredictPointsPerSec: row('seasonal', '1m')?.predictPointsPerSec ?? Number.NaN,
    rows,
  };
}

/** Median wall time of `fn` over `rounds` individually timed calls, after `rounds` warm-up calls, ms. */
function medianMs(fn: () => unknown, rounds: number): number {
  for (let i = 0; i < rounds; i++) fn();
  const times: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const start = nowNs();
    fn();
    times.push((nowNs() - start) / 1e6);
  }
  return percentile(times, 50);
}
