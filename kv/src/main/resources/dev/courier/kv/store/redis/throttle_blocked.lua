-- Whether a throttle key is locked out now. KEYS: counter. 1: locked out; 0: not.
local u = redis.call('HGET', KEYS[1], 'u')
if not u then
  return 0
end
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
if now < tonumber(u) then
  return 1
end
return 0
