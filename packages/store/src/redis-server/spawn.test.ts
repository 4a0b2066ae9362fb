import { Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import { isStoreError } from '../errors.js';
import { startRedisServer } from './spawn.js';

describe('startRedisServer', () => {
  it('starts a real redis-server on a free loopback port and stops it', async () => {
    const server = await startRedisServer();
    const client = new Redis(server.url, { lazyConnect: true, maxRetriesPerRequest: 0 });
    try {
      await client.connect();
      expect(await client.ping()).toBe('PONG');
      expect(await client.config('GET', 'maxmemory-policy')).toEqual([
        'maxmemory-policy',
        'noeviction',
      ]);
    } finally {
      client.disconnect();
      await server.stop();
    }
    expect(server.process.exitCode !== null || server.process.signalCode !== null).toBe(true);
  });

  it('names the install command when the binary is missing', async () => {
    const err = await startRedisServer({ command: 'redis-server-that-does-not-exist' }).catch(
      (e) => e,
    );
    expect(isStoreError(err, 'REDIS_NOT_INSTALLED')).toBe(true);
    expect(err.message).toMatch(/apt-get install -y redis-server/);
  });
});
