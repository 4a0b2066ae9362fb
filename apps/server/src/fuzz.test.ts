import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, datapoints, fillStore, SERIES, tempStoreDir } from './testing/fixtures.js';

let fixture: Awaited<ReturnType<typeof createTestApp>>;
let cleanup: () => void;

beforeAll(async () => {
  const dir = tempStoreDir();
  cleanup = dir.cleanup;
  fixture = await createTestApp(dir.location);
  await fillStore(fixture.store, [SERIES[0]]);
});

afterAll(async () => {
  await fixture.close();
  cleanup();
});

const MODEL = `${SERIES[0]}@1m`;
const good = datapoints(3);

// Values that are wrong somewhere: any JSON, plus near-misses of valid bodies.
const anyJson = fc.jsonValue({ maxDepth: 4 });
// Every one of these is invalid: negative or above 1e11 (milliseconds), or not a number or date.
const badTimestamp = fc.oneof(
  fc.constant(null),
  fc.double({ max: -1e-6 }),
  fc.double({ min: 1.1e11 }),
  fc.string({ maxLength: 30 }),
  fc.boolean(),
  fc.constant(-1),
  fc.constant(1e13),
  fc.constant('2024-13-45T99:00:00Z'),
);
const badValue = fc.oneof(
  fc.string({ maxLength: 5 }),
  fc.boolean(),
  fc.object({ maxDepth: 1 }),
  fc.constant([1]),
);
const nearMissPoints = fc.oneof(
  fc.array(
    fc.record({
      timestamp: badTimestamp,
      value: fc.oneof(fc.double({ noNaN: true }), fc.constant(null)),
    }),
    { minLength: 1, maxLength: 5 },
  ),
  fc.array(fc.record({ timestamp: fc.integer({ min: 0, max: 2e9 }), value: badValue }), {
    minLength: 1,
    maxLength: 5,
  }),
  fc.array(fc.record({ timestamp: fc.integer({ min: 0, max: 2e9 }), value: fc.constant(null) }), {
    minLength: 1,
    maxLength: 5,
  }),
  fc.constant([]),
  fc.constant(good.slice().reverse()),
  anyJson,
);
const badModelId = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.constant('a//b@1m'),
  fc.constant('x@0m'),
  fc.constant('../etc@1m'),
  anyJson,
);
const rawText = fc.oneof(
  fc.string({ maxLength: 200 }),
  fc.constant('{"model_id":'),
  fc.constant('[1,2'),
  fc.constant('\u0000'),
  fc.constant(''),
);

type Case = { path: string; body: string };
const enc = encodeURIComponent;

const cases: fc.Arbitrary<Case> = fc.oneof(
  // /predict: at least one field is wrong.
  fc
    .record({ model_id: fc.oneof(badModelId, fc.constant(MODEL)), datapoints: nearMissPoints })
    .map((b) => ({ path: '/predict', body: JSON.stringify(b) })),
  fc
    .record({ model_id: badModelId, datapoints: fc.constant(good) })
    .map((b) => ({ path: '/predict', body: JSON.stringify(b) })),
  anyJson.map((b) => ({ path: '/predict', body: JSON.stringify(b) })),
  rawText.map((body) => ({ path: '/predict', body })),
  // The model in the path.
  fc
    .tuple(fc.oneof(fc.string({ maxLength: 30 }), fc.constant(MODEL)), nearMissPoints)
    .map(([id, points]) => ({
      path: `/v1/models/${enc(id) || 'x'}/predict`,
      body: JSON.stringify({ datapoints: points }),
    })),
  // Batch: the shape is wrong (entries that are merely unusable give 200 with error entries).
  fc
    .oneof(
      anyJson,
      fc.array(anyJson, { maxLength: 3 }).map((requests) => ({ requests })),
    )
    .map((b) => ({ path: '/v1/predict/batch', body: JSON.stringify(b) })),
  // Series.
  fc
    .tuple(
      fc.oneof(fc.string({ maxLength: 30 }), fc.constant(SERIES[0])),
      nearMissPoints,
      fc.option(anyJson),
    )
    .map(([id, points, resolutions]) => ({
      path: `/v1/series/${enc(id) || 'x'}/score`,
      body: JSON.stringify(
        resolutions === null ? { datapoints: points } : { datapoints: points, resolutions },
      ),
    })),
);

describe('malformed bodies', () => {
  it('get only 4xx JSON errors (a batch of unusable entries: 200 with error entries)', async () => {
    let seen = 0;
    await fc.assert(
      fc.asyncProperty(cases, async ({ path, body }) => {
        const res = await fixture.app.request(path, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body,
        });
        seen++;
        const text = await res.text();
        const parsed = JSON.parse(text) as {
          error?: { code: unknown; message: unknown };
          results?: unknown;
        };
        if (res.status === 200 && path === '/v1/predict/batch') {
          // A well-formed batch of unusable entries answers 200 with an error per entry.
          expect(Array.isArray(parsed.results)).toBe(true);
          return;
        }
        expect(res.status).toBeGreaterThanOrEqual(400);
        expect(res.status).toBeLessThan(500);
        expect(typeof parsed.error?.code).toBe('string');
        expect(typeof parsed.error?.message).toBe('string');
        expect(String(parsed.error?.message)).not.toMatch(/\n\s+at /);
      }),
      { numRuns: 1500 },
    );
    expect(seen).toBeGreaterThanOrEqual(1000);
  });
});
