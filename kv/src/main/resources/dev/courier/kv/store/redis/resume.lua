-- Binds a detached session whose hash the node checked against this incarnation's digest.
-- KEYS: meta, data, lease. ARGV: token, incarnation, lease ms, window ms.
-- {1, the data as HGETALL gives it}: bound; {0}: bound elsewhere; {-2}: erased or made anew since it was looked at.
if redis.call('HGET', KEYS[1], 'i') ~= ARGV[2] then
  return {-2}
end
if redis.call('EXISTS', KEYS[3]) == 1 then
  return {0}
end
redis.call('SET', KEYS[3], ARGV[1], 'PX', ARGV[3])
local ttl = tonumber(ARGV[3]) + tonumber(ARGV[4])
redis.call('PEXPIRE', KEYS[1], ttl)
redis.call('PEXPIRE', KEYS[2], ttl)
return {1, redis.call('HGETALL', KEYS[2])}
