import { type RedisServer, startRedisServer } from '@myriad/store';
import {
  createTrainerClient,
  openQueues,
  redisOptions,
  type TrainerClient,
  type TrainerQueues,
} from '@myriad/trainer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTrainerRunQueue } from '../run-queue.js';
import { createTestApp, post, tempStoreDir } from '../testing/fixtures.js';
import { createQueueDashboard } from './admin.js';

let redis: RedisServer;
let trainer: TrainerClient;
let queues: TrainerQueues;
let fixture: Awaited<ReturnType<typeof createTestApp>>;
let cleanup: () => void;
let location: string;
const ADMIN = 'admin-key-0123456789ab';
const TRAIN = 'train-key-0123456789ab';
const PREDICT = 'predict-key-0123456789';

beforeAll(async () => {
  redis = await startRedisServer();
  const dir = tempStoreDir();
  cleanup = dir.cleanup;
  location = dir.location;
  // A unique prefix per test file keeps queues apart.
  const prefix = `test-runs-${process.pid}`;
  trainer = createTrainerClient({ connection: redis.url, prefix });
  queues = openQueues(redisOptions(redis.url), prefix);
  fixture = await createTestApp(location, {
    runs: createTrainerRunQueue(trainer, location),
    queueDashboard: createQueueDashboard([queues.runs, queues.shards]),
    auth: {
      required: true,
      keys: [
        { name: 'ops', key: ADMIN, scopes: ['admin'] },
        { name: 'ci', key: TRAIN, scopes: ['train'] },
        { name: 'alerts', key: PREDICT, scopes: ['predict'] },
      ],
    },
  });
});

afterAll(async () => {
  await fixture.close();
  await trainer.close();
  await queues.close();
  await redis.stop();
  cleanup();
});

const auth = (key: string) => ({ authorization: `Bearer ${key}` });
const SPEC = {
  name: 'server-test',
  fleet: { regions: ['r1'], hostsPerRegion: 2, metrics: ['cpu'] },
};

describe('POST /v1/runs and GET /v1/runs/{id}', () => {
  it('enqueues a run into the server store and reports its progress', async () => {
    const created = await fixture.app.request('/v1/runs', post(SPEC, auth(TRAIN)));
    expect(created.status).toBe(202);
    const { run_id } = (await created.json()) as { run_id: string };
    expect(run_id).toMatch(/\S+/);
    const status = await fixture.app.request(`/v1/runs/${encodeURIComponent(run_id)}`, {
      headers: auth(TRAIN),
    });
    expect(status.status).toBe(200);
    const body = (await status.json()) as Record<string, unknown>;
    expect(body.run_id).toBe(run_id);
    expect(body.state).toBe('queued');
    expect(body.store).toBe(location);
    expect(body.series_total).toBe(2);
  });

  it('400 for an invalid spec, naming the field', async () => {
    const res = await fixture.app.request(
      '/v1/runs',
      post({ fleet: { regions: [], metrics: ['cpu'] } }, auth(TRAIN)),
    );
    expect(res.status).toBe(400);
    const { error } = (await res.json()) as { error: { code: string; message: string } };
    expect(error.code).toBe('INVALID_SPEC');
    expect(error.message).toContain('fleet.regions');
  });

  it('400 for a spec writing to another store', async () => {
    const res = await fixture.app.request(
      '/v1/runs',
      post({ ...SPEC, store: 'fs:/tmp/elsewhere' }, auth(TRAIN)),
    );
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { message: string } }).error.message).toContain('store');
  });

  it('404 for an unknown run', async () => {
    const res = await fixture.app.request('/v1/runs/no-such-run', { headers: auth(TRAIN) });
    expect(res.status).toBe(404);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('RUN_NOT_FOUND');
  });
});

describe('BullMQ dashboard', () => {
  it('is served at /admin/queues to the admin scope only', async () => {
    expect((await fixture.app.request('/admin/queues')).status).toBe(401);
    expect((await fixture.app.request('/admin/queues', { headers: auth(PREDICT) })).status).toBe(
      403,
    );
    const page = await fixture.app.request('/admin/queues', { headers: auth(ADMIN) });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<html');
    const api = await fixture.app.request('/admin/queues/api/queues', { headers: auth(ADMIN) });
    expect(api.status).toBe(200);
    const names = ((await api.json()) as { queues: Array<{ name: string }> }).queues.map(
      (q) => q.name,
    );
    expect(names.length).toBe(2);
  });
});
