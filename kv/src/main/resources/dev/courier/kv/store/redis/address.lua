-- Open mode: keeps a session counted against its creating address while it lives (K: keep, renewed with its
-- lease), or stops counting it (D: drop, when it is erased). KEYS: the address's sorted set. ARGV: member, lease +
-- window ms, K or D. Returns 1.
if ARGV[3] == 'D' then
  redis.call('ZREM', KEYS[1], ARGV[1])
  return 1
end
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local ttl = tonumber(ARGV[2])
if redis.call('ZADD', KEYS[1], 'XX', 'CH', now + ttl, ARGV[1]) == 1 and redis.call('PTTL', KEYS[1]) < ttl then
  redis.call('PEXPIRE', KEYS[1], ttl)
end
return 1
