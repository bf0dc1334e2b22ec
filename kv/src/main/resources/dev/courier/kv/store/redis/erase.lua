-- DISCONNECT or a violation: the session and its data go. KEYS: meta, data, lease. ARGV: token.
-- 1: erased; -1: not this binding's any more (nothing touched).
if redis.call('GET', KEYS[3]) ~= ARGV[1] then
  return -1
end
redis.call('DEL', KEYS[1], KEYS[2], KEYS[3])
return 1
