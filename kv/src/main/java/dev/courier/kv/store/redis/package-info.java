/**
 * Sessions in Redis or Valkey (standalone or Cluster), shared by any number of Courier nodes. Every rule that must
 * hold across nodes is a Lua script that Redis runs atomically: one binding per session (a lease with a token that
 * every write must carry), the per-session limits, the resume window (key expiry), the login throttle's counters.
 * A session's keys share one hash tag, so each command is one script on one Cluster slot.
 */
package dev.courier.kv.store.redis;
