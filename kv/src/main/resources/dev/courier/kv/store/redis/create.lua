-- A new session, bound. KEYS: meta, data, lease. ARGV: token, digest, creator, incarnation, lease ms, window ms.
-- 1: created; 0: it exists (another node created it first).
if redis.call('EXISTS', KEYS[1]) == 1 then
  return 0
end
redis.call('DEL', KEYS[2])
redis.call('HSET', KEYS[1], 'd', ARGV[2], 'c', ARGV[3], 'i', ARGV[4])
redis.call('SET', KEYS[3], ARGV[1], 'PX', ARGV[5])
redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[5]) + tonumber(ARGV[6]))
return 1
