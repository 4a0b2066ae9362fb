/**
 * Lua scripts of the Redis store. Each touches one model hash (one key, so
 * one cluster slot). Hash fields: `seq` (last version handed out), `latest`
 * (latest version), `v:<n>` (artifact bytes), `r:<n>` (run id of version n).
 */

/** KEYS[1] model hash → latest artifact bytes, or nil. */
export const GET_LATEST = `
local v = redis.call('HGET', KEYS[1], 'latest')
if not v then return false end
return redis.call('HGET', KEYS[1], 'v:' .. v)
`;

/**
 * KEYS[1] model hash; ARGV: version, bytes, keep, run id ('' for none).
 * Stores the version, moves `latest` forward only, trims beyond `keep`.
 */
export const PUT_VERSION = `
local key = KEYS[1]
local v = tonumber(ARGV[1])
redis.call('HSET', key, 'v:' .. ARGV[1], ARGV[2])
if ARGV[4] ~= '' then redis.call('HSET', key, 'r:' .. ARGV[1], ARGV[4]) end
local latest = tonumber(redis.call('HGET', key, 'latest') or '0')
if v > latest then redis.call('HSET', key, 'latest', ARGV[1]) end
local vs = {}
for _, f in ipairs(redis.call('HKEYS', key)) do
  if string.sub(f, 1, 2) == 'v:' then table.insert(vs, tonumber(string.sub(f, 3))) end
end
table.sort(vs, function(a, b) return a > b end)
for i = tonumber(ARGV[3]) + 1, #vs do
  redis.call('HDEL', key, 'v:' .. vs[i], 'r:' .. vs[i])
end
return 1
`;

/**
 * KEYS[1] model hash; ARGV: run id ('' = any), allow removing the last version ('1'/'0').
 * Returns {0} when absent or not the run's, {-1, top} when there is no
 * previous version (and removal is not allowed), {1, from, to} or {1, from}
 * (model removed) on success.
 */
export const ROLLBACK_LATEST = `
local key = KEYS[1]
local latest = redis.call('HGET', key, 'latest')
if not latest then return {0} end
local top = tonumber(latest)
if ARGV[1] ~= '' and redis.call('HGET', key, 'r:' .. latest) ~= ARGV[1] then return {0} end
local vs = {}
for _, f in ipairs(redis.call('HKEYS', key)) do
  if string.sub(f, 1, 2) == 'v:' then table.insert(vs, tonumber(string.sub(f, 3))) end
end
table.sort(vs, function(a, b) return a > b end)
if #vs < 2 and ARGV[2] ~= '1' then return {-1, top} end
redis.call('HDEL', key, 'v:' .. latest, 'r:' .. latest)
if #vs >= 2 then
  redis.call('HSET', key, 'latest', tostring(vs[2]))
  return {1, top, vs[2]}
end
redis.call('DEL', key)
return {1, top}
`;
