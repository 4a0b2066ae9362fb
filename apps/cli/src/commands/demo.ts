import { availableParallelism } from 'node:os';
import { createMyriadClient } from '@myriad/client';
import { startServerFromConfig } from '@myriad/server';
import { createFleetIndex, createTrainerClient, type FleetSpec } from '@myriad/trainer';
import type { Command } from 'commander';
import { pino } from 'pino';
import { incidentTable, pickReplaySeries, replayIncidents } from '../demo/incident.js';
import { env } from '../env.js';
import { parseInteger } from '../flags.js';
import { startLocalQueue } from '../local-queue.js';
import { createProgress, note, printJson, printTable } from '../output.js';

/** Ten regions, as in the fleet the design sizes for. */
const REGIONS = [
  'us-east-1',
  'us-west-2',
  'ca-central-1',
  'sa-east-1',
  'eu-west-1',
  'eu-central-1',
  'ap-south-1',
  'ap-southeast-1',
  'ap-northeast-1',
  'af-south-1',
];
const METRICS = ['cpu_pct', 'page_load_ms'];
const SEED = 0;
/** The replay covers the three hours after the end of training. */
const REPLAY_SECONDS = 3 * 3600;

interface DemoFlags {
  scale: string;
  redis?: string;
  store?: string;
  port: string;
  workers?: string;
  exitAfterDemo?: boolean;
  json?: boolean;
}

/**
 * `myriad demo`: the whole system on one machine. Starts a private redis-server
 * (unless --redis), worker processes, trains a synthetic fleet through the
 * queue, starts the API, replays incidents through it, prints the table and
 * serves until Ctrl-C, which stops everything it started.
 */
export function registerDemo(program: Command): Command {
  return program
    .command('demo')
    .description(
      'train a synthetic fleet through the queue, serve it, and replay incidents through the API',
    )
    .option(
      '--scale <hosts>',
      'hosts in the synthetic fleet (each has 2 metrics × 3 resolutions)',
      '1000',
    )
    .option('--redis <url>', 'use this Redis instead of starting a private redis-server')
    .option('--store <location>', `model store (default ${env.MYRIAD_STORE})`)
    .option('--port <port>', 'API port on 127.0.0.1 (0 = any free port)', '8787')
    .option('--workers <n>', 'training worker processes (default: one per core)')
    .option('--exit-after-demo', 'stop everything after the incident table instead of serving')
    .option('--json', 'print a JSON summary as the last line')
    .action((flags: DemoFlags) => runDemo(flags));
}

async function runDemo(flags: DemoFlags): Promise<void> {
  const hosts = parseInteger(flags.scale, '--scale', 5);
  const port = parseInteger(flags.port, '--port', 0);
  const processes =
    flags.workers === undefined ? availableParallelism() : parseInteger(flags.workers, '--workers');
  const store = flags.store ?? env.MYRIAD_STORE;
  const stops: Array<{ name: string; stop: () => Promise<void> }> = [];
  const pids: number[] = [];
  const stopAll = async () => {
    for (const { stop } of stops.reverse()) await stop().catch(() => undefined);
    stops.length = 0;
  };

  try {
    const queue = await startLocalQueue({
      redisUrl: flags.redis,
      redisDir: 'redis',
      workers: processes,
    });
    stops.push({ name: 'queue', stop: () => queue.stop() });
    pids.push(...queue.pids());
    const redisUrl = queue.redisUrl;

    const trainer = createTrainerClient({ connection: redisUrl });
    stops.push({ name: 'trainer client', stop: () => trainer.close() });
    const hostsPerRegion = Math.max(1, Math.round(hosts / REGIONS.length));
    const fleet: FleetSpec = { regions: REGIONS, hostsPerRegion, metrics: METRICS };
    const series = REGIONS.length * hostsPerRegion * METRICS.length;
    // Train on the week up to three hours ago (on the hour); replay the three hours since.
    const trainedTo = Math.floor(Date.now() / 3_600_000) * 3600 - REPLAY_SECONDS;
    const { runId } = await trainer.enqueueRun({
      name: 'demo',
      fleet,
      history: '7d',
      to: trainedTo,
      source: { type: 'synthetic', seed: SEED, incidents: true },
      store,
    });
    note(`run ${runId}: ${series} series × 3 resolutions = ${series * 3} models into ${store}`);
    const progress = createProgress('training', series * 3);
    const started = Date.now();
    const status = await trainer.waitForRun(runId, {
      onProgress: (s) => progress.update(s.modelsWritten),
    });
    progress.stop();
    const trainSeconds = (Date.now() - started) / 1000;
    if (status.state !== 'completed')
      throw new Error(`training run ${runId} ended ${status.state}`);
    note(
      `trained ${status.modelsWritten} models in ${trainSeconds.toFixed(1)} s (${Math.round(status.modelsWritten / trainSeconds)} models/s); ${status.seriesFailed} series failed`,
    );

    const logger = pino({ level: 'warn' }, pino.destination(2));
    const config = {
      store,
      host: '127.0.0.1',
      port,
      redisUrl,
      auth: 'off' as const,
      apiKeys: [],
      logLevel: 'warn',
      logRequests: false,
      benchRoutes: false,
    };
    const server = await startServerFromConfig(config, logger).catch(
      (err: NodeJS.ErrnoException) => {
        if (err.code !== 'EADDRINUSE') throw err;
        note(`port ${port} is taken; using a free one`);
        return startServerFromConfig({ ...config, port: 0 }, logger);
      },
    );
    stops.push({ name: 'server', stop: () => server.close() });

    const fleetIndex = createFleetIndex(fleet);
    const ids = Array.from({ length: fleetIndex.size }, (_, i) => fleetIndex.seriesAt(i));
    const replayed = pickReplaySeries(ids, trainedTo);
    const client = createMyriadClient(server.url);
    const outcomes = await replayIncidents(
      client,
      replayed,
      trainedTo,
      trainedTo + REPLAY_SECONDS,
      SEED,
    );

    process.stdout.write(
      '\nIncident replay through POST /v1/series/{id}/score (▲ incident under way; highest score per 10 minutes):\n',
    );
    for (const [k, o] of outcomes.entries()) {
      process.stdout.write(`  ${k + 1}: ${o.series.seriesId} (${o.series.label})\n`);
    }
    printTable(incidentTable(outcomes, trainedTo));
    const incidents = outcomes.filter((o) => o.series.incident !== undefined);
    const caught = incidents.filter((o) => o.detectionDelaySeconds !== undefined);
    const falseAlerts = outcomes.reduce((sum, o) => sum + o.falseAlerts, 0);
    process.stdout.write(
      `\ncaught ${caught.length} of ${incidents.length} incidents (${caught
        .map(
          (o) => `${o.series.label} after ${Math.round((o.detectionDelaySeconds ?? 0) / 60)} min`,
        )
        .join(', ')}); ${falseAlerts} alert(s) anywhere else\n`,
    );

    const summary = {
      runId,
      models: status.modelsWritten,
      trainSeconds,
      modelsPerSecond: status.modelsWritten / trainSeconds,
      incidents: incidents.length,
      incidentsCaught: caught.length,
      falseAlerts,
      url: server.url,
      pids,
    };
    process.stdout.write(
      `\nserving at ${server.url}\n  API      ${server.url}/v1/…  (try: curl ${server.url}/v1/models/${encodeURIComponent(`${ids[0]}@15m`)})\n  docs     ${server.url}/docs\n  metrics  ${server.url}/metrics\n  queues   ${server.url}/admin/queues\n`,
    );
    if (flags.exitAfterDemo !== true) {
      process.stdout.write('Ctrl-C stops the server, the workers and redis-server.\n');
      if (flags.json === true) printJson(summary);
      await new Promise<void>((done) => {
        process.once('SIGINT', () => done());
        process.once('SIGTERM', () => done());
      });
      note('stopping…');
    }
    await stopAll();
    if (flags.exitAfterDemo === true && flags.json === true) printJson(summary);
  } finally {
    await stopAll();
  }
}
