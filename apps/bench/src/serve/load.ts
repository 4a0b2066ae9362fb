import { Socket } from 'node:net';

/** One request to send: the raw bytes of a full HTTP/1.1 request (keep-alive). */
export type RequestFactory = (index: number) => Buffer;

/** Options for {@link runLoad}. */
export interface LoadOptions {
  /** Target host (loopback) and port. */
  host: string;
  port: number;
  /** Builds request `i` (see {@link buildRequest}). */
  request: RequestFactory;
  /** Open connections, one request in flight on each. */
  connections: number;
  /** Stop after this long, ms. */
  durationMs: number;
  /** Stop after this many responses. Default: unbounded (time bounds it). */
  maxRequests?: number;
  /**
   * Fixed-rate mode: requests per second, spread evenly. A request that finds
   * every connection busy waits in a backlog, and its latency counts from its
   * scheduled time, so queueing behind slow responses is not hidden
   * (coordinated omission). A request that finds a connection free counts from
   * when it is sent: how late this process's 1 ms timer fires is the load
   * generator's lag, not the server's, and is reported apart as `pacingLag*`.
   * Default: closed loop (each connection sends as soon as it may).
   */
  ratePerSecond?: number;
  /** Responses before this many ms are not recorded (JIT and cache warm-up). Default 0. */
  warmupMs?: number;
}

/** What a load run measured. */
export interface LoadResult {
  /** Responses recorded (after warm-up). */
  requests: number;
  /** Responses whose status was not 2xx. */
  errors: number;
  /** Status code counts. */
  statuses: Record<string, number>;
  seconds: number;
  reqPerSec: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  /** CPU seconds this (load generator) process used per wall second during the run. */
  loadgenCpu: number;
  /**
   * Fixed-rate mode: how late requests that found a free connection were sent
   * after their scheduled time (this process's timer lag), ms; NaN otherwise.
   */
  pacingLagP50Ms: number;
  pacingLagP99Ms: number;
  /** Fixed-rate mode: requests that waited for a free connection (their latency counts from schedule). */
  backlogged: number;
}

/**
 * Builds the bytes of a keep-alive HTTP/1.1 request.
 */
export function buildRequest(
  method: string,
  path: string,
  body: Buffer | undefined,
  headers: Record<string, string> = {},
): Buffer {
  let head = `${method} ${path} HTTP/1.1\r\nhost: 127.0.0.1\r\nconnection: keep-alive\r\n`;
  for (const [k, v] of Object.entries(headers)) head += `${k}: ${v}\r\n`;
  if (body !== undefined)
    head += `content-type: application/json\r\ncontent-length: ${body.length}\r\n`;
  head += '\r\n';
  return body === undefined ? Buffer.from(head) : Buffer.concat([Buffer.from(head), body]);
}

const HEADER_END = Buffer.from('\r\n\r\n');
const LOWER_CONTENT_LENGTH = Buffer.from('\r\ncontent-length: ');
const CONTENT_LENGTH = /\r\ncontent-length:\s*(\d+)/i;
const CHUNKED = /\r\ntransfer-encoding:\s*chunked/i;
const CHUNKED_END = Buffer.from('0\r\n\r\n');

/**
 * Finds the end of one complete response at the start of `buf`.
 * @returns [status, bytes consumed] or undefined when incomplete.
 */
function parseResponse(buf: Buffer): [number, number] | undefined {
  const headerEnd = buf.indexOf(HEADER_END);
  if (headerEnd < 0) return undefined;
  // Fast path, no string: a lower-case content-length header (what node:http writes
  // for the names Hono gives it). The load generator shares the machine's cores
  // with the server, so its cost per response is taken from the server's.
  const at = buf.indexOf(LOWER_CONTENT_LENGTH);
  if (at > 0 && at < headerEnd) {
    let length = 0;
    let i = at + LOWER_CONTENT_LENGTH.length;
    for (; i < headerEnd; i++) {
      const d = (buf[i] as number) - 48;
      if (d < 0 || d > 9) break;
      length = length * 10 + d;
    }
    if (buf[i] === 13) {
      const digit = (k: number) => (buf[k] as number) - 48;
      const status = digit(9) * 100 + digit(10) * 10 + digit(11);
      const end = headerEnd + 4 + length;
      return buf.length >= end ? [status, end] : undefined;
    }
  }
  const head = buf.toString('latin1', 0, headerEnd);
  const status = Number(head.slice(9, 12));
  const bodyStart = headerEnd + 4;
  const length = CONTENT_LENGTH.exec(head);
  if (length !== null) {
    const end = bodyStart + Number(length[1]);
    return buf.length >= end ? [status, end] : undefined;
  }
  if (CHUNKED.test(head)) {
    const end = buf.indexOf(CHUNKED_END, bodyStart);
    return end < 0 ? undefined : [status, end + CHUNKED_END.length];
  }
  return [status, bodyStart];
}

/**
 * Recorded values (ms) in a Float64Array that starts small and doubles, up to
 * `limit`: a run allocates about what it records (a fixed multi-MiB array per
 * run made the generator's own GC pause, inflating the latencies it measured).
 */
class Samples {
  #values = new Float64Array(16_384);
  count = 0;
  constructor(readonly limit: number) {}
  push(x: number): boolean {
    if (this.count >= this.limit) return false;
    if (this.count === this.#values.length) {
      const next = new Float64Array(Math.min(this.limit, this.count * 2));
      next.set(this.#values);
      this.#values = next;
    }
    this.#values[this.count++] = x;
    return true;
  }
  /** Sorts in place and returns the quantile function (NaN when empty) and the max. */
  sorted(): { at: (q: number) => number; max: number } {
    const n = this.count;
    const v = this.#values.subarray(0, n).sort();
    return {
      at: (q) => (n === 0 ? Number.NaN : (v[Math.min(n - 1, Math.floor(q * n))] as number)),
      max: n === 0 ? Number.NaN : (v[n - 1] as number),
    };
  }
}

/**
 * A small loopback load generator over raw keep-alive sockets (cheaper per
 * request than node:http's client, so more of the shared CPU goes to the
 * server). Bounded by `durationMs` and `maxRequests`.
 */
export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const { connections, durationMs } = options;
  const maxRequests = options.maxRequests ?? Number.POSITIVE_INFINITY;
  const warmupMs = options.warmupMs ?? 0;
  const latencies = new Samples(Math.max(1, Math.min(maxRequests, 4_000_000)));
  let errors = 0;
  const statuses: Record<string, number> = {};
  let sent = 0;
  const start = performance.now();
  const measureFrom = start + warmupMs;
  const end = start + durationMs;
  let stopped = false;
  const cpuBefore = process.cpuUsage();

  // Fixed-rate mode: a queue of scheduled send times waiting for a free connection.
  const rate = options.ratePerSecond;
  const backlog: number[] = [];
  let scheduled = 0;
  let backlogged = 0;
  const lags = new Samples(4_000_000);
  const idle: Conn[] = [];

  interface Conn {
    socket: Socket;
    pending: Buffer;
    startedAt: number;
    busy: boolean;
  }

  const finish = (conn: Conn, status: number) => {
    const now = performance.now();
    if (now >= measureFrom && latencies.push(now - conn.startedAt)) {
      statuses[status] = (statuses[status] ?? 0) + 1;
      if (status < 200 || status >= 300) errors++;
    }
    conn.busy = false;
    if (now >= end || latencies.count >= maxRequests) {
      stopped = true;
      return;
    }
    if (rate === undefined) send(conn, now);
    else if (backlog.length > 0) send(conn, backlog.shift() as number);
    else idle.push(conn);
  };

  const send = (conn: Conn, startedAt: number) => {
    conn.busy = true;
    conn.startedAt = startedAt;
    conn.socket.write(options.request(sent++));
  };

  const conns: Conn[] = await Promise.all(
    Array.from(
      { length: connections },
      () =>
        new Promise<Conn>((resolve, reject) => {
          const socket = new Socket();
          socket.setNoDelay(true);
          const conn: Conn = { socket, pending: Buffer.alloc(0), startedAt: 0, busy: false };
          socket.on('data', (chunk: Buffer) => {
            conn.pending = conn.pending.length === 0 ? chunk : Buffer.concat([conn.pending, chunk]);
            const parsed = parseResponse(conn.pending);
            if (parsed === undefined) return;
            conn.pending = conn.pending.subarray(parsed[1]);
            finish(conn, parsed[0]);
          });
          socket.once('connect', () => resolve(conn));
          socket.once('error', reject);
          socket.connect(options.port, options.host);
        }),
    ),
  );

  await new Promise<void>((resolve) => {
    if (rate === undefined) {
      for (const c of conns) send(c, performance.now());
    } else {
      idle.push(...conns);
    }
    const tick = () => {
      const now = performance.now();
      if (stopped || now >= end + 2000) {
        resolve();
        return;
      }
      if (rate !== undefined && now < end) {
        const due = Math.floor(((now - start) / 1000) * rate);
        while (scheduled < due) {
          const at = start + (scheduled / rate) * 1000;
          scheduled++;
          // Oldest idle first: rotating through every connection spreads the load over
          // all server workers (a cluster hands each connection to one worker).
          const conn = idle.shift();
          if (conn !== undefined) {
            if (now >= measureFrom) lags.push(now - at);
            send(conn, now);
          } else {
            if (at >= measureFrom) backlogged++;
            backlog.push(at);
          }
        }
      }
      if (now >= end && conns.every((c) => !c.busy)) {
        resolve();
        return;
      }
      setTimeout(tick, rate === undefined ? 20 : 1);
    };
    tick();
  });
  const seconds = (Math.min(performance.now(), end) - Math.min(measureFrom, end)) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  for (const c of conns) c.socket.destroy();

  const wall = (performance.now() - start) / 1000;
  const recorded = latencies.count;
  const lat = latencies.sorted();
  const lag = lags.sorted();
  return {
    requests: recorded,
    errors,
    statuses,
    seconds,
    reqPerSec: seconds > 0 ? recorded / seconds : 0,
    p50Ms: lat.at(0.5),
    p99Ms: lat.at(0.99),
    maxMs: lat.max,
    loadgenCpu: (cpu.user + cpu.system) / 1e6 / wall,
    pacingLagP50Ms: lag.at(0.5),
    pacingLagP99Ms: lag.at(0.99),
    backlogged,
  };
}
