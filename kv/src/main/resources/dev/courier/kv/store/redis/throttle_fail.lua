-- A failed CONNECT under one throttle key. KEYS: counter. ARGV: free failures, base ms, max ms, forget ms.
-- Past the free failures, the key is locked out for base ms, doubling with each failure up to max ms.
local n = redis.call('HINCRBY', KEYS[1], 'n', 1)
local free = tonumber(ARGV[1])
local lock = 0
if n > free then
  local t = redis.call('TIME')
  local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
  lock = tonumber(ARGV[2]) * (2 ^ math.min(n - free - 1, 40))
  if lock > tonumber(ARGV[3]) then
    lock = tonumber(ARGV[3])
  end
  lock = math.floor(lock)
  redis.call('HSET', KEYS[1], 'u', string.format('%.0f', now + lock))
end
redis.call('PEXPIRE', KEYS[1], string.format('%.0f', tonumber(ARGV[4]) + lock))
return n
