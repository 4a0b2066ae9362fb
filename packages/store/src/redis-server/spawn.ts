import { type ChildProcess, spawn } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import { createServer, Socket } from 'node:net';
import { StoreError } from '../errors.js';

/** Options for {@link startRedisServer}. */
export interface RedisServerOptions {
  /** Port to listen on; default: a free loopback port. */
  port?: number;
  /** Data directory (RDB/AOF files); default: none, nothing persisted. */
  dir?: string;
  /** Save to disk (RDB snapshots) in `dir`. Default: false. */
  persist?: boolean;
  /** The binary to run. Default: `redis-server` from PATH. */
  command?: string;
  /** How long to wait for the server to accept connections. Default: 10,000 ms. */
  startTimeoutMs?: number;
}

/** A `redis-server` process this program started, on loopback. */
export interface RedisServer {
  readonly port: number;
  /** `redis://127.0.0.1:<port>/0` */
  readonly url: string;
  readonly process: ChildProcess;
  /** Stops the server (SIGTERM, then SIGKILL after 5 s) and waits for it to exit. */
  stop(): Promise<void>;
}

/** A free TCP port on 127.0.0.1, chosen by the kernel. */
export async function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => {
        if (address !== null && typeof address === 'object') resolve(address.port);
        else reject(new Error('no port assigned'));
      });
    });
  });
}

/**
 * Starts a private `redis-server` bound to 127.0.0.1, for tests, the demo and
 * `myriad serve` without a Redis URL. Resolves once it accepts connections.
 * @throws StoreError `REDIS_NOT_INSTALLED` (with the install command) when the binary is missing,
 *   `REDIS_START_FAILED` when it exits or does not answer in time.
 */
export async function startRedisServer(options: RedisServerOptions = {}): Promise<RedisServer> {
  const port = options.port ?? (await findFreePort());
  const command = options.command ?? 'redis-server';
  const args = [
    '--port',
    String(port),
    '--bind',
    '127.0.0.1',
    '--protected-mode',
    'yes',
    '--appendonly',
    'no',
  ];
  if (options.dir !== undefined) {
    await mkdir(options.dir, { recursive: true });
    args.push('--dir', options.dir);
  }
  args.push('--save', options.persist === true ? '60 1000' : '');
  // BullMQ requires keys never to be evicted.
  args.push('--maxmemory-policy', 'noeviction');

  const child = spawn(command, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-2000);
  });
  const exited = new Promise<NodeJS.ErrnoException | number | null>((resolve) => {
    child.once('error', (err) => resolve(err));
    child.once('exit', (code) => resolve(code));
  });

  const deadline = Date.now() + (options.startTimeoutMs ?? 10_000);
  for (;;) {
    const early = await Promise.race([exited, delay(50).then(() => 'waiting' as const)]);
    if (early !== 'waiting') {
      if (early instanceof Error && early.code === 'ENOENT') {
        throw new StoreError(
          'REDIS_NOT_INSTALLED',
          `${command} is not installed or not on PATH; install it with: sudo apt-get install -y redis-server`,
        );
      }
      throw new StoreError(
        'REDIS_START_FAILED',
        `${command} exited before accepting connections: ${stderr.trim() || String(early)}`,
      );
    }
    if (await canConnect(port)) break;
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new StoreError(
        'REDIS_START_FAILED',
        `${command} did not accept connections on port ${port} in time`,
      );
    }
  }

  let stopping: Promise<void> | undefined;
  return {
    port,
    url: `redis://127.0.0.1:${port}/0`,
    process: child,
    stop() {
      stopping ??= (async () => {
        if (child.exitCode !== null || child.signalCode !== null) return;
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
        await exited;
        clearTimeout(timer);
      })();
      return stopping;
    },
  };
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = new Socket();
    socket.setTimeout(500);
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => {
      socket.destroy();
      resolve(false);
    });
    socket.connect(port, '127.0.0.1');
  });
}
