-- DELETE under the binding's token. KEYS: meta, data, lease. ARGV: token, key, key cost.
-- 1: the key is not there now; -1: not this binding's any more.
if redis.call('GET', KEYS[3]) ~= ARGV[1] then
  return -1
end
local len = redis.call('HSTRLEN', KEYS[2], ARGV[2])
if redis.call('HDEL', KEYS[2], ARGV[2]) == 1 then
  redis.call('HINCRBY', KEYS[1], 'n', -(tonumber(ARGV[3]) + len))
end
return 1
