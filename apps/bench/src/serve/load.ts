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
   * Fixed-rate mode: requests per second, spread evenly. Latency counts from
   * each request's scheduled time (so queueing behind a slow response is not
   * hidden). Default: closed loop (each connection sends as soon as it may).
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
 * A small loopback load generator over raw keep-alive sockets (cheaper per
 * request than node:http's client, so more of the shared CPU goes to the
 * server). Bounded by `durationMs` and `maxRequests`.
 */
export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const { connections, durationMs } = options;
  const maxRequests = options.maxRequests ?? Number.POSITIVE_INFINITY;
  const warmupMs = options.warmupMs ?? 0;
  const capacity = Math.min(maxRequests, 5_000_000);
  const latencies = new Float64Array(Math.max(1, Math.min(capacity, 2_000_000)));
  let recorded = 0;
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
  const idle: Conn[] = [];

  interface Conn {
    socket: Socket;
    pending: Buffer;
    startedAt: number;
    busy: boolean;
  }

  const finish = (conn: Conn, status: number) => {
    const now = performance.now();
    if (now >= measureFrom && recorded < latencies.length) {
      latencies[recorded++] = now - conn.startedAt;
      statuses[status] = (statuses[status] ?? 0) + 1;
      if (status < 200 || status >= 300) errors++;
    }
    conn.busy = false;
    if (now >= end || recorded >= maxRequests) {
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
          if (conn !== undefined) send(conn, at);
          else backlog.push(at);
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

  const sorted = latencies.subarray(0, recorded).sort();
  const pick = (q: number) =>
    recorded === 0
      ? Number.NaN
      : (sorted[Math.min(recorded - 1, Math.floor(q * recorded))] as number);
  const wall = (performance.now() - start) / 1000;
  return {
    requests: recorded,
    errors,
    statuses,
    seconds,
    reqPerSec: seconds > 0 ? recorded / seconds : 0,
    p50Ms: pick(0.5),
    p99Ms: pick(0.99),
    maxMs: recorded === 0 ? Number.NaN : (sorted[recorded - 1] as number),
    loadgenCpu: (cpu.user + cpu.system) / 1e6 / wall,
  };
}
