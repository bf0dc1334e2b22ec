-- A successful CONNECT: the id's failures are forgotten. KEYS: counter.
return redis.call('DEL', KEYS[1])
