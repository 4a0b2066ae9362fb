import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildRequest, runLoad } from './load.js';

// A real loopback HTTP server answering with content-length, chunked, or an error status.
let server: Server;
let port: number;
let bodies = 0;

beforeAll(async () => {
  server = createServer((req, res) => {
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
    });
    req.on('end', () => {
      bodies += size > 0 ? 1 : 0;
      if (req.url === '/chunked') {
        res.write('{"part":1,');
        res.end('"part2":2}');
      } else if (req.url === '/lower') {
        // The header case the Hono server writes (the generator's fast path).
        const body = '{"ok":true}';
        res.writeHead(201, { 'content-length': String(body.length) }).end(body);
      } else if (req.url === '/slow') {
        setTimeout(() => res.writeHead(200).end('{}'), 20);
      } else if (req.url === '/missing') {
        res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":{}}');
      } else {
        res
          .writeHead(200, { 'content-type': 'application/json' })
          .end(JSON.stringify({ ok: true, size }));
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('runLoad', () => {
  it('closed loop: stops at maxRequests and records statuses and latencies', async () => {
    const before = bodies;
    const body = Buffer.from('{"hello":"world"}');
    const r = await runLoad({
      host: '127.0.0.1',
      port,
      request: () => buildRequest('POST', '/ok', body),
      connections: 4,
      durationMs: 10_000,
      maxRequests: 500,
    });
    expect(r.requests).toBe(500);
    expect(r.statuses).toEqual({ 200: 500 });
    expect(r.errors).toBe(0);
    expect(r.p50Ms).toBeGreaterThan(0);
    expect(r.p99Ms).toBeGreaterThanOrEqual(r.p50Ms);
    expect(bodies - before).toBeGreaterThanOrEqual(500);
  });

  it('parses lower-case content-length responses (the fast path) with their status', async () => {
    const r = await runLoad({
      host: '127.0.0.1',
      port,
      request: () => buildRequest('GET', '/lower', undefined),
      connections: 2,
      durationMs: 10_000,
      maxRequests: 40,
    });
    expect(r.statuses).toEqual({ 201: 40 });
  });

  it('parses chunked responses and counts non-2xx as errors', async () => {
    const chunked = await runLoad({
      host: '127.0.0.1',
      port,
      request: () => buildRequest('GET', '/chunked', undefined),
      connections: 2,
      durationMs: 10_000,
      maxRequests: 50,
    });
    expect(chunked.statuses).toEqual({ 200: 50 });
    const missing = await runLoad({
      host: '127.0.0.1',
      port,
      request: () => buildRequest('GET', '/missing', undefined),
      connections: 2,
      durationMs: 10_000,
      maxRequests: 50,
    });
    expect(missing.errors).toBe(50);
    expect(missing.statuses).toEqual({ 404: 50 });
  });

  it('fixed-rate mode sends about rate × duration requests', async () => {
    const r = await runLoad({
      host: '127.0.0.1',
      port,
      request: () => buildRequest('GET', '/ok', undefined),
      connections: 8,
      durationMs: 1000,
      ratePerSecond: 200,
    });
    // Scheduled sends, not a closed loop: bounded by the schedule (plus the one in flight at the end).
    expect(r.requests).toBeLessThanOrEqual(201);
    expect(r.requests).toBeGreaterThan(20);
    // Free connections all along: nothing waited, and the generator's own send lag is reported.
    expect(r.backlogged).toBe(0);
    expect(r.pacingLagP99Ms).toBeGreaterThanOrEqual(0);
  });

  it('fixed rate: a request that waits for a busy connection counts from its scheduled time', async () => {
    // One connection, 20 ms per response, 200 scheduled per second (one per 5 ms):
    // the requests queue, and their latency grows with the queue (coordinated omission).
    const r = await runLoad({
      host: '127.0.0.1',
      port,
      request: () => buildRequest('GET', '/slow', undefined),
      connections: 1,
      durationMs: 600,
      ratePerSecond: 200,
    });
    expect(r.backlogged).toBeGreaterThan(5);
    // Counted from the send alone, every latency would be about 20 ms.
    expect(r.maxMs).toBeGreaterThan(100);
  });

  it('closed loop reports no pacing figures', async () => {
    const r = await runLoad({
      host: '127.0.0.1',
      port,
      request: () => buildRequest('GET', '/ok', undefined),
      connections: 1,
      durationMs: 5_000,
      maxRequests: 10,
    });
    expect(r.pacingLagP99Ms).toBeNaN();
    expect(r.backlogged).toBe(0);
  });
});
