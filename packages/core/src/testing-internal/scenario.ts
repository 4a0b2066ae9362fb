/**
 * Fit-and-score scenarios shared by the kind tests. Test support only.
 */
import type { Model, ModelKind, Prediction } from '../model.js';
import { type SyntheticOptions, type SyntheticSeries, seasonalSeries, slice } from './synthetic.js';

/** A model fitted on the first `trainDays` of a synthetic series, and the clean days after. */
export interface Scenario {
  readonly model: Model;
  readonly train: SyntheticSeries;
  /** The `testDays` after training, clean. */
  readonly test: SyntheticSeries;
  /** Noise standard deviation of the series. */
  readonly noise: number;
}

/** Settings of {@link fitScenario}: the synthetic series' and how many days train and test. */
export interface ScenarioOptions extends Omit<SyntheticOptions, 'count'> {
  readonly trainDays: number;
  readonly testDays: number;
}

/** Fits `kind` on `trainDays` of a synthetic series (default noise 2) and keeps `testDays` after. */
export function fitScenario(kind: ModelKind, options: ScenarioOptions): Scenario {
  const perDay = 86_400 / options.stepSeconds;
  const trainCount = Math.round(options.trainDays * perDay);
  const count = trainCount + Math.round(options.testDays * perDay);
  const series = seasonalSeries({ ...options, count });
  const train = slice(series, 0, trainCount);
  const model = kind.fit(train, { stepSeconds: options.stepSeconds });
  return { model, train, test: slice(series, trainCount), noise: options.noise ?? 2 };
}

/** Share of `scores` at or above `threshold`. */
export function shareAtLeast(scores: ArrayLike<number>, threshold: number): number {
  let n = 0;
  for (let i = 0; i < scores.length; i++) if ((scores[i] as number) >= threshold) n++;
  return n / scores.length;
}

/** Scores point by point through a fresh scorer (score, then update). */
export function scoreByScorer(model: Model, series: SyntheticSeries, out: Prediction): void {
  const scorer = model.scorer();
  for (let i = 0; i < series.values.length; i++) {
    const t = series.timestamps[i] as number;
    const v = series.values[i] as number;
    scorer.score(t, v, out, i);
    scorer.update(t, v);
  }
}
