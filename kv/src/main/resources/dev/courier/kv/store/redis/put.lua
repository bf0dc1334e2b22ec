-- PUT under the binding's token (fencing: a node that lost its lease is refused).
-- KEYS: meta, data, lease. ARGV: token, key, value, key cost, max keys, max bytes.
-- 1: stored; -1: not this binding's any more; -2: too many keys; -3: too many bytes.
if redis.call('GET', KEYS[3]) ~= ARGV[1] then
  return -1
end
local vlen = string.len(ARGV[3])
local n = tonumber(redis.call('HGET', KEYS[1], 'n') or '0')
local after
if redis.call('HEXISTS', KEYS[2], ARGV[2]) == 1 then
  after = n - redis.call('HSTRLEN', KEYS[2], ARGV[2]) + vlen
else
  if redis.call('HLEN', KEYS[2]) >= tonumber(ARGV[5]) then
    return -2
  end
  after = n + tonumber(ARGV[4]) + vlen
end
if after > tonumber(ARGV[6]) then
  return -3
end
local fresh = redis.call('EXISTS', KEYS[2]) == 0
redis.call('HSET', KEYS[2], ARGV[2], ARGV[3])
redis.call('HSET', KEYS[1], 'n', string.format('%.0f', after))
if fresh then
  local ttl = redis.call('PTTL', KEYS[1])
  if ttl > 0 then
    redis.call('PEXPIRE', KEYS[2], ttl)
  end
end
return 1
