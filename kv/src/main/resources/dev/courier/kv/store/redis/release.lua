-- The connection ended without DISCONNECT: the session waits the resume window for its client (or goes at once:
-- RSA edition, or no window). KEYS: meta, data, lease. ARGV: token, window ms.
-- 1: detached; 2: erased; -1: not this binding's any more.
if redis.call('GET', KEYS[3]) ~= ARGV[1] then
  return -1
end
redis.call('DEL', KEYS[3])
local w = tonumber(ARGV[2])
if w <= 0 or redis.call('HGET', KEYS[1], 'd') == '' then
  redis.call('DEL', KEYS[1], KEYS[2])
  return 2
end
redis.call('PEXPIRE', KEYS[1], w)
redis.call('PEXPIRE', KEYS[2], w)
return 1
