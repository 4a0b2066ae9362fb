import { parseResolution } from '@myriad/core';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { parseDurationSeconds } from './duration.js';
import { TrainerError } from './errors.js';

const SEGMENT = /^[A-Za-z0-9._:-]{1,128}$/;
const segment = z
  .string()
  .regex(SEGMENT, 'must be 1 to 128 characters of [A-Za-z0-9._:-]')
  .refine((s) => s !== '.' && s !== '..', 'must not be "." or ".."');
const kindName = z
  .string()
  .regex(/^[a-z][a-z0-9-]{0,63}$/, 'must be a model kind name like seasonal');
const resolutionText = z.string().refine(
  (s) => {
    try {
      parseResolution(s);
      return true;
    } catch {
      return false;
    }
  },
  { message: 'must be a resolution like 1m, 15m or 1h' },
);
const duration = z.union([z.string(), z.number()]).refine(
  (v) => {
    try {
      parseDurationSeconds(v);
      return true;
    } catch {
      return false;
    }
  },
  { message: 'must be a duration like 15m, 6h, 7d or 2w' },
);

const fleetSchema = z
  .strictObject({
    regions: z.array(segment).min(1, 'must list at least one region'),
    hostsPerRegion: z.int().min(1).max(100_000_000).optional(),
    hosts: z
      .union([
        z.array(segment).min(1, 'must list at least one host'),
        z.record(segment, z.array(segment).min(1, 'must list at least one host')),
      ])
      .optional(),
    metrics: z.array(segment).min(1, 'must list at least one metric'),
  })
  .superRefine((fleet, ctx) => {
    if ((fleet.hostsPerRegion === undefined) === (fleet.hosts === undefined)) {
      ctx.addIssue({
        code: 'custom',
        path: ['hosts'],
        message: 'give exactly one of hostsPerRegion (a count) or hosts (explicit names)',
      });
    }
    if (fleet.hosts !== undefined && !Array.isArray(fleet.hosts)) {
      for (const region of fleet.regions) {
        if (fleet.hosts[region] === undefined) {
          ctx.addIssue({
            code: 'custom',
            path: ['hosts', region],
            message: 'no hosts listed for this region',
          });
        }
      }
      for (const region of Object.keys(fleet.hosts)) {
        if (!fleet.regions.includes(region)) {
          ctx.addIssue({
            code: 'custom',
            path: ['hosts', region],
            message: 'not one of fleet.regions',
          });
        }
      }
    }
  });

const syntheticSourceSchema = z.strictObject({
  type: z.literal('synthetic'),
  /** Mixed into every series' hash: a different seed gives a different but equally deterministic world. */
  seed: z.int().min(0).max(0xffffffff).default(0),
  /** Inject incidents (spikes, dips, level shifts). */
  incidents: z.boolean().default(true),
  /** The fleet `listSeries` enumerates when the spec has no `fleet`. */
  fleet: fleetSchema.optional(),
});
const csvSourceSchema = z.strictObject({
  type: z.literal('csv'),
  /** A folder of `timestamp,value` files; relative paths resolve against the worker's working directory. */
  dir: z.string().min(1, 'must name a folder'),
});
const sourceSchema = z.preprocess(
  (v) => {
    if (v === 'synthetic') return { type: 'synthetic' };
    if (typeof v === 'string' && v.startsWith('csv:')) return { type: 'csv', dir: v.slice(4) };
    return v;
  },
  z.discriminatedUnion('type', [syntheticSourceSchema, csvSourceSchema], {
    error: 'must be "synthetic", "csv:DIR", {type: "synthetic"} or {type: "csv", dir}',
  }),
);

const resolutionsSchema = z.preprocess(
  (v) => {
    if (Array.isArray(v)) {
      return v.map((item) => (typeof item === 'string' ? { resolution: item } : item));
    }
    if (v !== null && typeof v === 'object') {
      return Object.entries(v).map(([resolution, kind]) =>
        kind === null || kind === 'default' ? { resolution } : { resolution, kind },
      );
    }
    return v;
  },
  z
    .array(z.strictObject({ resolution: resolutionText, kind: kindName.optional() }))
    .min(1, 'must list at least one resolution')
    .superRefine((list, ctx) => {
      const seen = new Set<number>();
      list.forEach((item, i) => {
        let seconds: number;
        try {
          seconds = parseResolution(item.resolution).seconds;
        } catch {
          return; // reported by the item's own check
        }
        if (seen.has(seconds))
          ctx.addIssue({ code: 'custom', path: [i, 'resolution'], message: 'listed twice' });
        seen.add(seconds);
      });
    }),
);

const storeLocation = z
  .string()
  .regex(
    /^(fs:.+|rediss?:\/\/.+)$/,
    'must be a store location like fs:./.myriad/models or redis://host:6379/0',
  );

const runSpecSchema = z.strictObject({
  /** A label shown in `myriad runs list`. */
  name: z.string().max(200).optional(),
  fleet: fleetSchema.optional(),
  resolutions: resolutionsSchema.default([
    { resolution: '1m' },
    { resolution: '15m' },
    { resolution: '1h' },
  ]),
  history: duration.default('7d'),
  /** End of the training window: Unix seconds or ISO-8601; default: when the run starts. */
  to: z.union([z.number().positive(), z.iso.datetime({ offset: true })]).optional(),
  source: sourceSchema.default({ type: 'synthetic', seed: 0, incidents: true }),
  store: storeLocation.default('fs:./.myriad/models'),
  shardSize: z.int().min(1).max(10_000).default(250),
  schedule: z.strictObject({ every: duration, id: segment.optional() }).optional(),
});

/** A validated, normalised run spec (what {@link parseRunSpec} returns). */
export type RunSpec = z.output<typeof runSpecSchema>;
/** The fleet part of a run spec. */
export type FleetSpec = z.output<typeof fleetSchema>;
/** The data-source part of a run spec. */
export type SourceSpec = RunSpec['source'];
/** What a caller may write: every field with a default may be left out. */
export type RunSpecInput = z.input<typeof runSpecSchema>;

/** Options for {@link parseRunSpec}. */
export interface ParseRunSpecOptions {
  /** Model kinds that exist; a resolution naming another kind is rejected. Default: not checked. */
  kinds?: readonly string[];
  /**
   * Source types a spec may name, e.g. `['synthetic']` for specs from an HTTP API
   * (a `csv` source reads a folder on the workers' machines). Default: all.
   */
  sources?: readonly SourceSpec['type'][];
}

/**
 * Validates a run spec (already parsed JSON/YAML) and fills in defaults:
 * resolutions 1m/15m/1h with each resolution's default kind, history `7d`,
 * source `synthetic`, store `fs:./.myriad/models`, shard size 250.
 * @throws TrainerError `INVALID_SPEC` whose message names the field path, e.g. `fleet.regions.0`.
 */
export function parseRunSpec(input: unknown, options: ParseRunSpecOptions = {}): RunSpec {
  const parsed = runSpecSchema.safeParse(input);
  if (!parsed.success) {
    const issues = parsed.error.issues.slice(0, 5).map((issue) => {
      const path = issue.path.length === 0 ? '(spec)' : issue.path.map(String).join('.');
      return `${path}: ${issue.message}`;
    });
    throw new TrainerError('INVALID_SPEC', `invalid run spec: ${issues.join('; ')}`);
  }
  const spec = parsed.data;
  if (options.sources !== undefined && !options.sources.includes(spec.source.type)) {
    throw new TrainerError(
      'INVALID_SPEC',
      `invalid run spec: source.type: ${JSON.stringify(spec.source.type)} is not allowed here; allowed: ${options.sources.join(', ')}`,
    );
  }
  if (options.kinds !== undefined) {
    spec.resolutions.forEach((item, i) => {
      if (item.kind !== undefined && !options.kinds?.includes(item.kind)) {
        throw new TrainerError(
          'INVALID_SPEC',
          `invalid run spec: resolutions.${i}.kind: unknown model kind ${JSON.stringify(item.kind)}; known: ${options.kinds?.join(', ')}`,
        );
      }
    });
  }
  return spec;
}

/**
 * Parses a run spec from JSON or YAML text (YAML is a superset of JSON).
 * @throws TrainerError `INVALID_SPEC` for unparseable text or an invalid spec.
 */
export function parseRunSpecText(text: string, options: ParseRunSpecOptions = {}): RunSpec {
  return parseRunSpec(readSpecDocument(text), options);
}

/**
 * Reads JSON or YAML text into a plain value, unvalidated (for callers that
 * merge flags into a spec file before {@link parseRunSpec}).
 * @throws TrainerError `INVALID_SPEC` for unparseable text.
 */
export function readSpecDocument(text: string): unknown {
  try {
    return parseYaml(text);
  } catch (err) {
    throw new TrainerError(
      'INVALID_SPEC',
      `run spec is neither JSON nor YAML: ${err instanceof Error ? err.message : String(err)}`,
      { cause: err },
    );
  }
}

/** The history window in seconds (`spec.history`). */
export function historySeconds(spec: RunSpec): number {
  return parseDurationSeconds(spec.history, 'history');
}
