-- A session as a CONNECT finds it. KEYS: meta, lease.
-- {0}: none; {1, digest ('' for the RSA edition), incarnation, bound (1 or 0), creating address ('' if none)}.
local m = redis.call('HMGET', KEYS[1], 'd', 'i', 'c')
if not m[2] then
  return {0}
end
return {1, m[1] or '', m[2], redis.call('EXISTS', KEYS[2]), m[3] or ''}
