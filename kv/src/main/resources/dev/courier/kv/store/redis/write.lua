-- The changes of one event-loop pass, for every session of one slot that had some, each under its binding's token
-- (fencing: a node that lost the lease is refused). The owning node checked the limits on its copy of the session
-- (nobody else can change it while the lease holds) and sends each key's last value of the pass.
-- KEYS: per session three: meta, data, lease. ARGV[1]: lease + window ms (a new data key's expiry), ARGV[2]: window
-- ms; then per session: token, mode, fresh ('1': the data key may be new), nset, ndel, nset key/value pairs, ndel
-- keys. Modes: W (write), E (erase: DISCONNECT or a violation), R (write, then release: the connection ended; the
-- session waits the window, or goes at once for the RSA edition), L (write, then load: the node's copy was dropped).
-- Returns per session: -1 when the token is not the lease's; else 1, or for L the data as HGETALL gives it.
local ttl = ARGV[1]
local window = tonumber(ARGV[2])
local out = {}
local a = 3
local CHUNK = 400
local function each(cmd, key, from, to, step)
  local i = from
  while i <= to do
    local j = math.min(to, i + CHUNK * step - 1)
    redis.call(cmd, key, unpack(ARGV, i, j))
    i = j + 1
  end
end
for k = 1, #KEYS, 3 do
  local nset, ndel = tonumber(ARGV[a + 3]), tonumber(ARGV[a + 4])
  local sets = a + 5
  local dels = sets + 2 * nset
  local token, mode = ARGV[a], ARGV[a + 1]
  local fresh = ARGV[a + 2] == '1'
  a = dels + ndel
  if redis.call('GET', KEYS[k + 2]) ~= token then
    out[#out + 1] = -1
  elseif mode == 'W' and nset == 1 and ndel == 0 then
    -- The common case (one PUT of a session in a pass), without the general path's bookkeeping.
    redis.call('HSET', KEYS[k + 1], ARGV[sets], ARGV[sets + 1])
    if fresh then
      redis.call('PEXPIRE', KEYS[k + 1], ttl)
    end
    out[#out + 1] = 1
  elseif mode == 'E' then
    redis.call('DEL', KEYS[k], KEYS[k + 1], KEYS[k + 2])
    out[#out + 1] = 1
  else
    local meta, data, lease = KEYS[k], KEYS[k + 1], KEYS[k + 2]
    if nset > 0 then
      each('HSET', data, sets, dels - 1, 2)
      if fresh then
        redis.call('PEXPIRE', data, ttl)
      end
    end
    if ndel > 0 then
      each('HDEL', data, dels, a - 1, 1)
    end
    if mode == 'R' then
      redis.call('DEL', lease)
      if window <= 0 or redis.call('HGET', meta, 'd') == '' then
        redis.call('DEL', meta, data)
      else
        redis.call('PEXPIRE', meta, window)
        redis.call('PEXPIRE', data, window)
      end
      out[#out + 1] = 1
    elseif mode == 'L' then
      out[#out + 1] = redis.call('HGETALL', data)
    else
      out[#out + 1] = 1
    end
  end
end
return out
