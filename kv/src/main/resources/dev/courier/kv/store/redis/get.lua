-- GET under the binding's token. KEYS: meta, data, lease. ARGV: token, key.
-- {1, value or nil}; {-1}: not this binding's any more.
if redis.call('GET', KEYS[3]) ~= ARGV[1] then
  return {-1}
end
return {1, redis.call('HGET', KEYS[2], ARGV[2])}
