-- Open mode: counts a new session against the address that creates it, on every node. KEYS: the address's sorted
-- set (member: a session's id and incarnation; score: the Redis time, ms, until which the session may live).
-- ARGV: member, cap, lease + window ms. 1: admitted; 0: the address holds its cap of sessions.
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local ttl = tonumber(ARGV[3])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[2]) then
  return 0
end
redis.call('ZADD', KEYS[1], now + ttl, ARGV[1])
if redis.call('PTTL', KEYS[1]) < ttl then
  redis.call('PEXPIRE', KEYS[1], ttl)
end
return 1
