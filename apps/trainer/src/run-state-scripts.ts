/**
 * Lua scripts that move a run's counters atomically. Each shard is counted at
 * most once (a bit per shard), so a retried or duplicated shard never counts
 * twice, and the run turns final in the same step that finishes its last shard.
 */

/** Shared tail: if enumeration is done and every shard is finished, the run becomes final. */
const MAYBE_COMPLETE = `
local function maybeComplete(run, now, ttl, extra1, extra2)
  local s = redis.call('HMGET', run, 'state', 'enumerated', 'shardsTotal', 'shardsDone', 'shardsFailed')
  if (s[1] ~= 'running' and s[1] ~= 'queued') or s[2] ~= '1' then return s[1] end
  local failed = tonumber(s[5] or '0')
  if tonumber(s[4] or '0') < tonumber(s[3] or '0') then return s[1] end
  local final = 'completed'
  if failed > 0 then final = 'failed' end
  redis.call('HSET', run, 'state', final, 'finishedAt', now)
  redis.call('EXPIRE', run, ttl)
  redis.call('EXPIRE', extra1, ttl)
  redis.call('EXPIRE', extra2, ttl)
  return final
end
`;

/**
 * KEYS: run hash, shard bitmap, failures list.
 * ARGV: shard, seriesDone, seriesFailed, models, shardFailed (0/1), now ms, ttl s,
 *   max failures kept, source, aggregate, fit, encode, store (seconds), then failure entries (JSON).
 * Returns 0 when the shard was already counted, else 1.
 */
export const FINISH_SHARD = `${MAYBE_COMPLETE}
if redis.call('EXISTS', KEYS[1]) == 0 then return -1 end
if redis.call('SETBIT', KEYS[2], ARGV[1], 1) == 1 then return 0 end
redis.call('HINCRBY', KEYS[1], 'shardsDone', 1)
if ARGV[5] == '1' then redis.call('HINCRBY', KEYS[1], 'shardsFailed', 1) end
redis.call('HINCRBY', KEYS[1], 'seriesDone', ARGV[2])
redis.call('HINCRBY', KEYS[1], 'seriesFailed', ARGV[3])
redis.call('HINCRBY', KEYS[1], 'modelsWritten', ARGV[4])
local stages = {'source', 'aggregate', 'fit', 'encode', 'store'}
for i = 1, 5 do redis.call('HINCRBYFLOAT', KEYS[1], 'stage_' .. stages[i], ARGV[8 + i]) end
local max = tonumber(ARGV[8])
local kept = redis.call('LLEN', KEYS[3])
for i = 14, #ARGV do
  if kept < max then
    redis.call('RPUSH', KEYS[3], ARGV[i])
    kept = kept + 1
  end
end
maybeComplete(KEYS[1], ARGV[6], ARGV[7], KEYS[2], KEYS[3])
return 1
`;

/**
 * KEYS: run hash, shard bitmap, failures list. ARGV: shardsTotal, seriesTotal, now ms, ttl s.
 * Marks enumeration done. Returns the run's state after.
 */
export const SET_ENUMERATED = `${MAYBE_COMPLETE}
if redis.call('EXISTS', KEYS[1]) == 0 then return false end
redis.call('HSET', KEYS[1], 'enumerated', '1', 'shardsTotal', ARGV[1], 'shardsEnqueued', ARGV[1], 'seriesTotal', ARGV[2])
return maybeComplete(KEYS[1], ARGV[3], ARGV[4], KEYS[2], KEYS[3])
`;

/**
 * KEYS: run hash, shard bitmap, failures list. ARGV: final state, now ms, ttl s, error text.
 * Moves a run that is not final yet to a final state. Returns the state after.
 */
export const FINISH_RUN = `
local state = redis.call('HGET', KEYS[1], 'state')
if not state then return false end
if state ~= 'queued' and state ~= 'running' then return state end
redis.call('HSET', KEYS[1], 'state', ARGV[1], 'finishedAt', ARGV[2])
if ARGV[4] ~= '' then redis.call('HSET', KEYS[1], 'error', ARGV[4]) end
redis.call('EXPIRE', KEYS[1], ARGV[3])
redis.call('EXPIRE', KEYS[2], ARGV[3])
redis.call('EXPIRE', KEYS[3], ARGV[3])
return ARGV[1]
`;

/** KEYS: run hash. ARGV: now ms. queued → running; returns the state after. */
export const START_RUN = `
local state = redis.call('HGET', KEYS[1], 'state')
if not state then return false end
if state == 'queued' then
  redis.call('HSET', KEYS[1], 'state', 'running', 'startedAt', ARGV[1])
  return 'running'
end
return state
`;
