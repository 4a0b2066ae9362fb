// A consumer outside the monorepo: imports the packed @myriad/core, fits a
// seasonal model on synthetic data and scores new points, including a spike.
import { createDefaultRegistry, type Model, seasonalKind } from '@myriad/core';

const step = 60;
const start = Date.UTC(2026, 0, 5) / 1000;
const n = 7 * 1440;
const timestamps = new Float64Array(n);
const values = new Float64Array(n);
let seed = 42;
const noise = (): number => {
  seed = (seed * 1103515245 + 12345) % 2147483648;
  return seed / 2147483648 - 0.5;
};
for (let i = 0; i < n; i++) {
  timestamps[i] = start + i * step;
  values[i] = 100 + 20 * Math.sin((2 * Math.PI * i) / 1440) + 2 * noise();
}
const model: Model = seasonalKind.fit({ timestamps, values }, { stepSeconds: step });

const later = new Float64Array(60);
const observed = new Float64Array(60);
for (let i = 0; i < 60; i++) {
  const k = n + i;
  later[i] = start + k * step;
  observed[i] = 100 + 20 * Math.sin((2 * Math.PI * k) / 1440) + 2 * noise() + (i === 30 ? 60 : 0);
}
const prediction = model.predict({ timestamps: later, values: observed });
const restored = createDefaultRegistry().restore(model.params());
const again = restored.predict({ timestamps: later, values: observed });

const spike = prediction.scores[30] ?? Number.NaN;
let cleanMax = 0;
for (let i = 0; i < 60; i++) if (i !== 30) cleanMax = Math.max(cleanMax, prediction.scores[i] ?? 1);
process.stdout.write(
  `${JSON.stringify({ kind: model.kind, spike, cleanMax, restoredSpike: again.scores[30] })}\n`,
);
