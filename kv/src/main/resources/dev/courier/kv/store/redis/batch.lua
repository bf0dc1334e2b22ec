-- A connection's commands, in its order, under its binding's token (fencing: a node that lost the lease is
-- refused). KEYS: meta, data, lease. ARGV: token, max keys, max bytes, window ms, then one group of four per
-- command: op, key, value, key cost. Ops: P (PUT), G (GET), D (DELETE), E (erase: DISCONNECT or a violation),
-- R (release: the connection ended; the session waits the window, or goes at once for the RSA edition).
-- Returns {-1} when the token is not the lease's; else {1, one result per command}: P 1 stored, -2 too many
-- keys, -3 too many bytes; G the value or nil; D 1; E 1; R 1 detached, 2 erased; after E or R: -1.
if redis.call('GET', KEYS[3]) ~= ARGV[1] then
  return {-1}
end
local maxKeys = tonumber(ARGV[2])
local maxBytes = tonumber(ARGV[3])
local window = tonumber(ARGV[4])
local n0 = tonumber(redis.call('HGET', KEYS[1], 'n') or '0')
local n = n0
local fresh = redis.call('EXISTS', KEYS[2]) == 0
local gone = false
local out = {1}
for i = 5, #ARGV, 4 do
  local op, key, value, cost = ARGV[i], ARGV[i + 1], ARGV[i + 2], tonumber(ARGV[i + 3])
  if gone then
    out[#out + 1] = -1
  elseif op == 'P' then
    local vlen = string.len(value)
    local after
    local ok = true
    if redis.call('HEXISTS', KEYS[2], key) == 1 then
      after = n - redis.call('HSTRLEN', KEYS[2], key) + vlen
    elseif redis.call('HLEN', KEYS[2]) >= maxKeys then
      ok = false
      out[#out + 1] = -2
    else
      after = n + cost + vlen
    end
    if ok then
      if after > maxBytes then
        out[#out + 1] = -3
      else
        redis.call('HSET', KEYS[2], key, value)
        n = after
        out[#out + 1] = 1
      end
    end
  elseif op == 'G' then
    out[#out + 1] = redis.call('HGET', KEYS[2], key)
  elseif op == 'D' then
    local len = redis.call('HSTRLEN', KEYS[2], key)
    if redis.call('HDEL', KEYS[2], key) == 1 then
      n = n - cost - len
    end
    out[#out + 1] = 1
  elseif op == 'E' then
    redis.call('DEL', KEYS[1], KEYS[2], KEYS[3])
    gone = true
    out[#out + 1] = 1
  elseif op == 'R' then
    redis.call('DEL', KEYS[3])
    gone = true
    if window <= 0 or redis.call('HGET', KEYS[1], 'd') == '' then
      redis.call('DEL', KEYS[1], KEYS[2])
      out[#out + 1] = 2
    else
      if n ~= n0 then
        redis.call('HSET', KEYS[1], 'n', string.format('%.0f', n))
        n0 = n
      end
      redis.call('PEXPIRE', KEYS[1], window)
      redis.call('PEXPIRE', KEYS[2], window)
      fresh = false
      out[#out + 1] = 1
    end
  end
end
if not gone then
  if n ~= n0 then
    redis.call('HSET', KEYS[1], 'n', string.format('%.0f', n))
  end
  if fresh and redis.call('EXISTS', KEYS[2]) == 1 then
    local ttl = redis.call('PTTL', KEYS[1])
    if ttl > 0 then
      redis.call('PEXPIRE', KEYS[2], ttl)
    end
  end
end
return out
