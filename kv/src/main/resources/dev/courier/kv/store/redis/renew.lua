-- The owning node is alive: the lease and the session's keys live on. KEYS: meta, data, lease.
-- ARGV: token, lease ms, window ms. 1: renewed; -1: not this binding's any more.
if redis.call('GET', KEYS[3]) ~= ARGV[1] then
  return -1
end
redis.call('PEXPIRE', KEYS[3], ARGV[2])
local ttl = tonumber(ARGV[2]) + tonumber(ARGV[3])
redis.call('PEXPIRE', KEYS[1], ttl)
redis.call('PEXPIRE', KEYS[2], ttl)
return 1
