#!/usr/bin/env bash
# What it costs to serve KV sessions from Redis so that many Courier nodes can share them (issue 13), on this
# machine, in one run, with the same generator (courier bench) for every row:
#
#   1. embedded   one Courier node on its embedded store (serve --kv-persistence off, as compare-redis.sh runs it)
#   2. redis      one Courier node on Redis (serve --kv-store redis://127.0.0.1:RPORT; Redis plain TCP on
#                 loopback, --save "" --appendonly no, started by this script)
#   3. 2 nodes    two Courier nodes on that same Redis (each its own --kv-port and --data-dir, one certificate);
#                 courier bench takes one host, so two generators run at once, 25 clients each (other session
#                 ids), and their rates are added; p99 is the larger of the two
#   4. redis tls  Redis served directly with TLS (--protocol resp), on Courier's certificate, as in
#                 compare-redis.sh: what a client talking to Redis itself would cost
#
# PUT then GET of 100 B, 50 clients, pipeline 1 and 16. Every row gives req/s, p99 and the CPU time (user +
# system, from /proc/PID/stat) per request of every server process involved (each node, Redis) and their total:
# on a machine whose generator shares the CPUs, that is the measure of the servers alone.
#
# Target: a node on Redis costs at most 1.5x the CPU per request, node and Redis together, of a node on the
# embedded store (row 2 total / row 1 total <= 1.50; the lines under the table give it, and row 3's).
# A build whose serve lacks --kv-store prints rows 2 and 3 as skipped; rows 1 and 4 still run.
#
# Usage: bench/compare-scaleout.sh [--quick] [--reps N] [--duration SECONDS] [--cpus LIST] [--out FILE]
#   --quick        1 repetition of 2 s per cell (a smoke run), instead of 3 of 5 s
#   --cpus LIST    pin every server (nodes and Redis) to these CPUs with taskset; the generator gets the others
#   --out FILE     also write the table to FILE (markdown)
#   --courier-args "FLAGS"  extra flags for every Courier node's serve (e.g. "--io-threads 2"), stated in the output
set -euo pipefail
cd "$(dirname "$0")/.."

REPS=3 DURATION=5 CPUS="" OUT="" COURIER_ARGS=""
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) REPS=1; DURATION=2; shift ;;
    --reps) REPS=$2; shift 2 ;;
    --duration) DURATION=$2; shift 2 ;;
    --cpus) CPUS=$2; shift 2 ;;
    --out) OUT=$2; shift 2 ;;
    --courier-args) COURIER_ARGS=$2; shift 2 ;;
    -h|--help) sed -n '2,26p' "$0"; exit 0 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done

if ! command -v redis-server >/dev/null 2>&1; then
  echo "redis-server is missing: installing Debian's package" >&2
  apt-get update -q && apt-get install -y -q redis-server >/dev/null
fi

./courier --version >/dev/null   # builds the jar when needed
JAR=cli/target/courier.jar
WORK=$(mktemp -d /tmp/courier-scaleout.XXXXXX)
# Free ports rather than fixed ones: compare-redis.sh (17401, 16380) may be running on this machine at the same time.
read -r KV_PORT KV2_PORT REDIS_PORT REDIS_TLS_PORT < <(python3 -c "
import socket
s = [socket.socket() for _ in range(4)]
for x in s: x.bind(('127.0.0.1', 0))
print(' '.join(str(x.getsockname()[1]) for x in s))")
ulimit -n 65536 2>/dev/null || true

PIN_SERVER=() PIN_GEN=()
if [ -n "$CPUS" ]; then
  PIN_SERVER=(taskset -c "$CPUS")
  OTHER=$(python3 -c "import os;c=set(range(os.cpu_count()))-{int(x) for x in '$CPUS'.split(',')};print(','.join(map(str,sorted(c))) or '$CPUS')")
  PIN_GEN=(taskset -c "$OTHER")
fi

cleanup() { kill $(cat "$WORK"/*.pid 2>/dev/null) 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$WORK"; }
trap cleanup EXIT

wait_port() { for _ in $(seq 1 100); do (exec 3<>/dev/tcp/127.0.0.1/"$1") 2>/dev/null && return 0; sleep 0.1; done; echo "port $1 did not open" >&2; exit 1; }

PERSIST_FLAG="--kv-persistence off" HAS_KV_STORE=1
java -jar "$JAR" serve --help 2>&1 | grep -q -- --kv-persistence || PERSIST_FLAG=""
java -jar "$JAR" serve --help 2>&1 | grep -q -- --kv-store || HAS_KV_STORE=""

declare -A PID=()
start_courier() { # name data-dir port flags...: one node; the first start makes the certificate the others copy
  local name=$1 data=$2 port=$3; shift 3
  if [ -n "${CERT:-}" ] && [ ! -d "$data/tls" ]; then mkdir -p "$data"; cp -r "$(dirname "$CERT")" "$data/"; fi
  MALLOC_ARENA_MAX=2 "${PIN_SERVER[@]}" java -Xms16m -XX:+UseSerialGC -XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=30 \
    -jar "$JAR" serve --data-dir "$data" --kv-port "$port" --kv-rsa-port off --mail-port off --transfer-port off \
    --kv-max-connections 20000 --kv-max-connections-per-address 20000 --kv-max-sessions-per-address 100000 \
    --kv-idle-timeout 600s $COURIER_ARGS "$@" >>"$WORK/$name.log" 2>&1 &
  PID[$name]=$!
  echo "${PID[$name]}" >"$WORK/$name.pid"
  wait_port "$port"
  kill -0 "${PID[$name]}" || { echo "Courier $name did not start: $(tail -n 3 "$WORK/$name.log")" >&2; exit 1; }
}
start_redis() { # name port args...: in its own directory, nothing saved
  local name=$1 port=$2; shift 2
  mkdir -p "$WORK/$name"
  "${PIN_SERVER[@]}" redis-server --bind 127.0.0.1 --save "" --appendonly no --maxclients 20000 \
    --dir "$WORK/$name" --logfile "$WORK/$name.log" "$@" >>"$WORK/$name.out" 2>&1 &
  PID[$name]=$!
  echo "${PID[$name]}" >"$WORK/$name.pid"
  wait_port "$port"
  kill -0 "${PID[$name]}" || { echo "Redis $name did not start: $(tail -n 3 "$WORK/$name.log")" >&2; exit 1; }
}
stop_server() { # name: polled until gone, then forgotten
  local pid=${PID[$1]}
  kill "$pid" 2>/dev/null || true
  for _ in $(seq 1 300); do kill -0 "$pid" 2>/dev/null || { rm -f "$WORK/$1.pid"; unset "PID[$1]"; return 0; }; sleep 0.1; done
  echo "server $1 did not stop" >&2; exit 1
}

bench() { # protocol port args...
  local proto=$1 port=$2; shift 2
  "${PIN_GEN[@]}" java -jar "$JAR" bench --protocol "$proto" --tls --cacert "$CERT" -h localhost -p "$port" --csv "$@" \
    | tail -n 1
}
median() { sort -g | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
cpu_ticks() { awk '{print $14 + $15}' /proc/"$1"/stat; }
cell() { # proto "port..." "server..." test pipeline -> "rps p99 us-per-request-of-each-server... total" medians
  # One generator per port, 50 clients split among them, all at once; CPU of every named server over the window.
  local proto=$1 ports=($2) servers=($3) t=$4 p=$5 col=() line i j r p99 d0 d1 n
  n=${#ports[@]}
  for _ in $(seq 1 "$REPS"); do
    local t0=() rps=0 worst=0 g=0
    for s in "${servers[@]}"; do t0+=("$(cpu_ticks "${PID[$s]}")"); done
    for port in "${ports[@]}"; do
      bench "$proto" "$port" -t "$t" -d 100 -c $((50 / n)) -P "$p" -r 1000 --id-prefix "bench$g" \
        --duration "${DURATION}s" >"$WORK/gen$g.csv" &
      g=$((g + 1))
    done
    wait # cell runs in a subshell (of "read < <(cell ...)"): its only children are these generators
    i=0
    for s in "${servers[@]}"; do t0[$i]=$(( $(cpu_ticks "${PID[$s]}") - t0[i] )); i=$((i + 1)); done
    for j in $(seq 0 $((n - 1))); do
      line=$(cat "$WORK/gen$j.csv")
      r=$(echo "$line" | awk -F'"' '{print $4}'); p99=$(echo "$line" | awk -F'"' '{print $14}')
      [ -n "$r" ] || { echo "generator $j gave no result: $line" >&2; exit 1; }
      rps=$(awk -v a="$rps" -v b="$r" 'BEGIN {print a + b}')
      worst=$(awk -v a="$worst" -v b="$p99" 'BEGIN {print (b > a ? b : a)}')
    done
    # Ticks are 1/100 s; the window also holds the connections' opening, the same for every row.
    line="$rps $worst"
    total=0
    for d in "${t0[@]}"; do
      us=$(awk -v d="$d" -v r="$rps" -v s="$DURATION" 'BEGIN {printf "%.3f", d * 10000 / (r * s)}')
      line="$line $us"; total=$(awk -v a="$total" -v b="$us" 'BEGIN {print a + b}')
    done
    col+=("$line $total")
  done
  local out="" k
  for k in $(seq 1 $((${#servers[@]} + 3))); do
    out="$out $(printf '%s\n' "${col[@]}" | awk -v k="$k" '{print $k}' | median)"
  done
  echo "${out# }"
}

declare -A TOTAL=()
row() { # label proto "port..." "node..." redis-name -> table rows for put and get at pipeline 1 and 16
  local label=$1 proto=$2 ports=$3 nodes=$4 redis=$5 servers
  servers=$(echo "$nodes $redis" | xargs)
  for t in put get; do for p in 1 16; do
    read -r -a v < <(cell "$proto" "$ports" "$servers" "$t" "$p")
    # v: rps p99 then one figure per server in $servers order, then the total; columns: node 1, node 2, Redis.
    local i=2 n1="" n2="" rd=""
    for s in $nodes; do if [ -z "$n1" ]; then n1=${v[$i]}; else n2=${v[$i]}; fi; i=$((i + 1)); done
    [ -z "$redis" ] || rd=${v[$i]}
    TOTAL[$label-$t-$p]=${v[-1]}
    awk -v l="$label" -v t="$t" -v p="$p" -v r="${v[0]}" -v q="${v[1]}" -v a="$n1" -v b="$n2" -v c="$rd" -v s="${v[-1]}" \
      'function f(x) {return x == "" ? "" : sprintf("%.2f", x)}
       BEGIN {printf "| %s | %s | %d | %.0f | %.3f | %s | %s | %s | %.2f |\n", l, t, p, r, q, f(a), f(b), f(c), s}'
  done; done
}
skipped_row() { # label reason
  for t in put get; do for p in 1 16; do echo "| $1 | $t | $p | $2 | | | | | |"; done; done
}

start_courier node1 "$WORK/data-embedded" "$KV_PORT" $PERSIST_FLAG
CERT="$WORK/data-embedded/tls/server.crt" KEY="$WORK/data-embedded/tls/server.key"

{
echo "# Courier nodes on Redis $(redis-server --version | awk '{print $3}') against the embedded store"
echo
echo "Machine: $(nproc) CPUs, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo); $(java -version 2>&1 | head -1)"
if [ -n "$CPUS" ]; then echo "CPU pinning: every server on CPU(s) $CPUS, the generator on $OTHER."; else echo "CPU pinning: none (servers and generator share every CPU)."; fi
echo "Courier: serve with the launcher's JVM settings${COURIER_ARGS:+ and $COURIER_ARGS}; Redis: one thread (its default), no persistence."
echo "Each cell: median of $REPS runs of ${DURATION} s after a warm-up; PUT then GET of 100 B, 50 clients, keyspace 1000 per client."
echo "Clients to Courier always use TLS; Courier to Redis is plain TCP on loopback; row 4 is Redis with TLS itself."
echo "CPU: µs of user + system time per request of each server process in the window (/proc/PID/stat)."
echo
echo "| setup | test | pipeline | req/s | p99 ms | node 1 CPU µs/req | node 2 CPU µs/req | Redis CPU µs/req | total CPU µs/req |"
echo "|---|---|---|---|---|---|---|---|---|"

echo "Warming up the embedded node..." >&2
bench kv "$KV_PORT" -t put,get -d 100 -c 50 -r 1000 --id-prefix bench0 --duration 3s >/dev/null
row "1. embedded${PERSIST_FLAG:+ (persistence off)}" kv "$KV_PORT" node1 ""
stop_server node1

if [ -n "$HAS_KV_STORE" ]; then
  start_redis redis "$REDIS_PORT" --port "$REDIS_PORT"
  start_courier node1 "$WORK/data-redis-1" "$KV_PORT" --kv-store "redis://127.0.0.1:$REDIS_PORT"
  echo "Warming up the node on Redis..." >&2
  bench kv "$KV_PORT" -t put,get -d 100 -c 50 -r 1000 --id-prefix bench0 --duration 3s >/dev/null
  row "2. node on Redis" kv "$KV_PORT" node1 redis
  start_courier node2 "$WORK/data-redis-2" "$KV2_PORT" --kv-store "redis://127.0.0.1:$REDIS_PORT"
  echo "Warming up the second node..." >&2
  bench kv "$KV2_PORT" -t put,get -d 100 -c 25 -r 1000 --id-prefix bench1 --duration 3s >/dev/null
  row "3. 2 nodes on Redis" kv "$KV_PORT $KV2_PORT" "node1 node2" redis
  stop_server node1; stop_server node2; stop_server redis
else
  skipped_row "2. node on Redis" "skipped: this build has no --kv-store"
  skipped_row "3. 2 nodes on Redis" "skipped: this build has no --kv-store"
fi

start_redis redis-tls "$REDIS_TLS_PORT" --port 0 --tls-port "$REDIS_TLS_PORT" --tls-cert-file "$CERT" \
  --tls-key-file "$KEY" --tls-ca-cert-file "$CERT" --tls-auth-clients no
echo "Warming up Redis with TLS..." >&2
bench resp "$REDIS_TLS_PORT" -t put,get -d 100 -c 50 -r 1000 --duration 3s >/dev/null
row "4. Redis, TLS" resp "$REDIS_TLS_PORT" "" redis-tls
echo
for t in put get; do for p in 1 16; do
  if [ -n "$HAS_KV_STORE" ]; then
    awk -v t="$t" -v p="$p" -v e="${TOTAL[1. embedded${PERSIST_FLAG:+ (persistence off)}-$t-$p]}" \
      -v a="${TOTAL[2. node on Redis-$t-$p]}" -v b="${TOTAL[3. 2 nodes on Redis-$t-$p]}" \
      'BEGIN {printf "%s, pipeline %d: CPU per request against the embedded node: one node on Redis %.2f (target at most 1.50: %s), two nodes %.2f\n", t, p, a/e, (a/e <= 1.5 ? "met" : "missed"), b/e}'
  else
    echo "$t, pipeline $p: skipped: this build has no --kv-store"
  fi
done; done
echo
} | tee ${OUT:+"$OUT"}
