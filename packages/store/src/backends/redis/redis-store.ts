import type { Redis } from 'ioredis';
import { decodeArtifact, readArtifactMeta, setArtifactVersion } from '../../codec/artifact.js';
import { encodeEntry } from '../../encode-entry.js';
import { StoreError } from '../../errors.js';
import type {
  ArtifactMeta,
  ModelStore,
  OpenStoreOptions,
  PutEntry,
  RollbackResult,
  RollbackRunResult,
  StoredModel,
} from '../../store.js';
import { checkModelId, checkPrefix, checkRunId, keepVersionsOf } from '../../validate.js';
import { type Commands, connectRedis, maskUrl, redisError } from './connection.js';

/**
 * Key layout (prefix `myriad:` by default):
 *
 * | key | type | holds |
 * | --- | --- | --- |
 * | `<p>m:{<model id>}` | hash | `seq`, `latest`, `v:<n>` artifact bytes, `r:<n>` run id |
 * | `<p>run:{<run id>}` | set | model ids the run wrote |
 * | `<p>changed` | pub/sub channel | a model id whenever it changes |
 *
 * Everything about one model is one hash under one hash tag, so every
 * script touches a single slot and the layout works on Redis Cluster.
 */

const PREFIX = /^[A-Za-z0-9._:-]{0,64}$/;
/** Models per pipeline round trip in batch calls. */
const BATCH = 500;

function escapeGlob(s: string): string {
  return s.replace(/[*?[\]\\]/g, (c) => `\\${c}`);
}

function toBuffer(bytes: Uint8Array): Buffer {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

class RedisStore implements ModelStore {
  readonly location: string;
  readonly #redis: Commands;
  readonly #prefix: string;
  readonly #keep: number;
  readonly #notify: boolean;
  #subscriber: Redis | undefined;
  readonly #listeners = new Set<(modelId: string) => void>();
  #closed = false;

  constructor(location: string, redis: Commands, prefix: string, keep: number, notify: boolean) {
    this.location = location;
    this.#redis = redis;
    this.#prefix = prefix;
    this.#keep = keep;
    this.#notify = notify;
  }

  #key(modelId: string): string {
    return `${this.#prefix}m:{${checkModelId(modelId)}}`;
  }

  #runKey(runId: string): string {
    return `${this.#prefix}run:{${runId}}`;
  }

  get #channel(): string {
    return `${this.#prefix}changed`;
  }

  #decode(modelId: string, bytes: Buffer | null): StoredModel | undefined {
    if (bytes === null) return undefined;
    const stored = decodeArtifact(bytes);
    if (stored.meta.modelId !== modelId) {
      throw new StoreError(
        'CORRUPT_ARTIFACT',
        `artifact stored for ${modelId} belongs to ${stored.meta.modelId}`,
      );
    }
    return stored;
  }

  async get(modelId: string): Promise<StoredModel | undefined> {
    const key = this.#key(modelId);
    let bytes: Buffer | null;
    try {
      bytes = await this.#redis.myriadGetBuffer(key);
    } catch (err) {
      throw redisError(`reading ${modelId}`, err);
    }
    return this.#decode(modelId, bytes);
  }

  async getMany(modelIds: readonly string[]): Promise<Array<StoredModel | undefined>> {
    const keys = modelIds.map((id) => this.#key(id));
    const out: Array<StoredModel | undefined> = [];
    for (let start = 0; start < keys.length; start += BATCH) {
      const pipeline = this.#redis.pipeline() as unknown as Commands & {
        exec(): Promise<Array<[Error | null, unknown]> | null>;
      };
      for (const key of keys.slice(start, start + BATCH)) pipeline.myriadGetBuffer(key);
      let replies: Array<[Error | null, unknown]> | null;
      try {
        replies = await pipeline.exec();
      } catch (err) {
        throw redisError(`reading ${keys.length} models`, err);
      }
      (replies ?? []).forEach(([err, bytes], i) => {
        if (err) throw redisError(`reading ${modelIds[start + i]}`, err);
        out.push(this.#decode(modelIds[start + i] as string, bytes as Buffer | null));
      });
    }
    return out;
  }

  async getArtifact(
    modelId: string,
  ): Promise<{ meta: ArtifactMeta; bytes: Uint8Array } | undefined> {
    const key = this.#key(modelId);
    let bytes: Buffer | null;
    try {
      bytes = await this.#redis.myriadGetBuffer(key);
    } catch (err) {
      throw redisError(`reading ${modelId}`, err);
    }
    if (bytes === null) return undefined;
    const meta = readArtifactMeta(bytes);
    if (meta.modelId !== modelId) {
      throw new StoreError(
        'CORRUPT_ARTIFACT',
        `artifact stored for ${modelId} belongs to ${meta.modelId}`,
      );
    }
    return { meta, bytes };
  }

  async stat(modelId: string): Promise<ArtifactMeta | undefined> {
    return (await this.getArtifact(modelId))?.meta;
  }

  async put(entry: PutEntry): Promise<ArtifactMeta> {
    const [meta] = await this.putMany([entry]);
    return meta as ArtifactMeta;
  }

  async putMany(entries: readonly PutEntry[]): Promise<ArtifactMeta[]> {
    if (!Array.isArray(entries))
      throw new StoreError('INVALID_OPTIONS', 'putMany takes an array of entries');
    const keys = entries.map((e) => this.#key(e?.modelId));
    for (const e of entries) if (e.runId !== undefined) checkRunId(e.runId);
    const now = Date.now();
    const encoded = entries.map((e) => encodeEntry(e, 1, e.createdAtMs ?? now));
    const metas: ArtifactMeta[] = [];
    for (let start = 0; start < entries.length; start += BATCH) {
      const end = Math.min(start + BATCH, entries.length);
      try {
        // Round trip 1: claim versions and record run membership (before the artifacts).
        const claim = this.#redis.pipeline();
        const at: number[] = [];
        let replies = 0;
        for (let i = start; i < end; i++) {
          const e = entries[i] as PutEntry;
          at.push(replies++);
          claim.hincrby(keys[i] as string, 'seq', 1);
          if (e.runId !== undefined) {
            claim.sadd(this.#runKey(e.runId), e.modelId);
            replies++;
          }
        }
        const claimed = (await claim.exec()) ?? [];
        for (const [err] of claimed) if (err) throw err;
        const versions = at.map((k) => claimed[k]?.[1] as number);
        // Round trip 2: write the stamped artifacts, move latest, trim; notify.
        const write = this.#redis.pipeline() as unknown as Commands & {
          exec(): Promise<Array<[Error | null, unknown]> | null>;
        };
        const stamped: Uint8Array[] = [];
        for (let i = start; i < end; i++) {
          const e = entries[i] as PutEntry;
          const bytes = setArtifactVersion(encoded[i] as Uint8Array, versions[i - start] as number);
          stamped.push(bytes);
          write.myriadPut(
            keys[i] as string,
            versions[i - start] as number,
            toBuffer(bytes),
            this.#keep,
            e.runId ?? '',
          );
          if (this.#notify) (write as unknown as Redis).publish(this.#channel, e.modelId);
        }
        for (const [err] of (await write.exec()) ?? []) if (err) throw err;
        for (const bytes of stamped) metas.push(readArtifactMeta(bytes));
      } catch (err) {
        throw redisError(`writing ${end - start} models`, err);
      }
    }
    return metas;
  }

  async delete(modelId: string): Promise<boolean> {
    const key = this.#key(modelId);
    try {
      const [existed] = await Promise.all([
        this.#redis.hexists(key, 'latest'),
        this.#redis.del(key),
      ]);
      if (this.#notify) await this.#redis.publish(this.#channel, modelId);
      return existed === 1;
    } catch (err) {
      throw redisError(`deleting ${modelId}`, err);
    }
  }

  async *list(prefix?: string): AsyncIterable<string> {
    const p = checkPrefix(prefix);
    const head = `${this.#prefix}m:{`;
    const pattern = `${escapeGlob(head)}${escapeGlob(p)}*`;
    let cursor = '0';
    do {
      let keys: string[];
      let live: Array<[Error | null, unknown]>;
      try {
        [cursor, keys] = await this.#redis.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
        // A hash holding only `seq` (a put interrupted between its round trips) is no model.
        const check = this.#redis.pipeline();
        for (const key of keys) check.hexists(key, 'latest');
        live = keys.length > 0 ? ((await check.exec()) ?? []) : [];
      } catch (err) {
        throw redisError('listing models', err);
      }
      for (let i = 0; i < keys.length; i++) {
        if (live[i]?.[1] === 1) yield (keys[i] as string).slice(head.length, -1);
      }
    } while (cursor !== '0');
  }

  async versions(modelId: string): Promise<ArtifactMeta[]> {
    const key = this.#key(modelId);
    let fields: Record<string, Buffer>;
    try {
      fields = await this.#redis.hgetallBuffer(key);
    } catch (err) {
      throw redisError(`listing versions of ${modelId}`, err);
    }
    const metas: ArtifactMeta[] = [];
    for (const [name, bytes] of Object.entries(fields)) {
      if (name.startsWith('v:')) metas.push(readArtifactMeta(bytes));
    }
    return metas.sort((a, b) => b.version - a.version);
  }

  async #rollback(modelId: string, runId: string, allowRemove: boolean): Promise<number[]> {
    try {
      const reply = await this.#redis.myriadRollback(
        this.#key(modelId),
        runId,
        allowRemove ? '1' : '0',
      );
      if (reply[0] === 1 && this.#notify) await this.#redis.publish(this.#channel, modelId);
      return reply;
    } catch (err) {
      throw redisError(`rolling back ${modelId}`, err);
    }
  }

  async rollback(modelId: string): Promise<RollbackResult> {
    checkModelId(modelId);
    const reply = await this.#rollback(modelId, '', false);
    if (reply[0] === 0) throw new StoreError('NOT_FOUND', `model ${modelId} is not stored`);
    if (reply[0] === -1) {
      throw new StoreError(
        'NOT_FOUND',
        `model ${modelId} has no previous version to roll back to (only v${reply[1]})`,
      );
    }
    return { modelId, from: reply[1] as number, to: reply[2] };
  }

  async rollbackRun(runId: string): Promise<RollbackRunResult> {
    checkRunId(runId);
    let models = 0;
    let rolledBack = 0;
    let cursor = '0';
    do {
      let ids: string[];
      try {
        [cursor, ids] = await this.#redis.sscan(this.#runKey(runId), cursor, 'COUNT', 1000);
      } catch (err) {
        throw redisError(`reading the index of run ${runId}`, err);
      }
      models += ids.length;
      for (const id of ids) {
        // A run may have written a model more than once (a retried shard): undo all of them.
        let any = false;
        while ((await this.#rollback(id, runId, true))[0] === 1) any = true;
        if (any) rolledBack++;
      }
    } while (cursor !== '0');
    return { runId, models, rolledBack, skipped: models - rolledBack };
  }

  watch(listener: (modelId: string) => void): () => void {
    this.#listeners.add(listener);
    if (this.#subscriber === undefined && !this.#closed) {
      const sub = this.#redis.duplicate({ enableOfflineQueue: true, commandTimeout: undefined });
      this.#subscriber = sub;
      sub.on('error', () => {}); // reconnects on its own; errors surface on the main connection
      sub.on('message', (channel: string, message: string) => {
        if (channel !== this.#channel) return;
        for (const l of this.#listeners) l(message);
      });
      void sub.subscribe(this.#channel).catch(() => {});
    }
    return () => {
      this.#listeners.delete(listener);
    };
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#subscriber?.disconnect();
    await this.#redis.quit().catch(() => this.#redis.disconnect());
  }
}

/**
 * Connects to Redis at `url` and returns a store over it. Commands fail fast
 * while Redis is away (no offline queue, `commandTimeoutMs`), with
 * `STORE_UNAVAILABLE`; the client keeps reconnecting in the background.
 * @throws StoreError `INVALID_OPTIONS`, or `STORE_UNAVAILABLE` when Redis cannot be reached.
 */
export async function createRedisStore(
  url: string,
  options: OpenStoreOptions = {},
): Promise<ModelStore> {
  const keep = keepVersionsOf(options);
  const prefix = options.keyPrefix ?? 'myriad:';
  if (!PREFIX.test(prefix)) {
    throw new StoreError(
      'INVALID_OPTIONS',
      `keyPrefix ${JSON.stringify(prefix)} must match [A-Za-z0-9._:-]{0,64}`,
    );
  }
  const redis = await connectRedis(url, options);
  return new RedisStore(maskUrl(url), redis, prefix, keep, options.notify ?? true);
}
