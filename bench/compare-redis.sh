#!/usr/bin/env bash
# Side-by-side benchmark of Courier's KV server and Redis with TLS, on this machine, in one run.
#
# Both servers get the same certificate, the same CPU set and the same load generator (courier bench, which
# speaks KV to Courier and RESP to Redis), so the comparison differs in the server only.
#
# Besides throughput and p99, every cell reports the CPU time each server spent per request (from /proc, user +
# system): on a machine whose generator shares the CPUs, that is the measure of the server alone.
#
# Usage: bench/compare-redis.sh [--quick] [--reps N] [--duration SECONDS] [--cpus LIST] [--out FILE]
#   --quick        1 repetition of 2 s per cell (a smoke run), instead of 3 of 5 s
#   --cpus LIST    pin both servers to these CPUs with taskset (e.g. 0); the generator gets the others
#   --out FILE     also write the table to FILE (markdown)
#   --skip-idle    leave out the 10,000 idle sessions test
#   --only SECTION run one section: matrix, p99, connect, idle or persist
#   --courier-args "FLAGS"  extra flags for Courier's serve (e.g. "--io-threads 2"), stated in the output
#
# The persist section restarts both servers once per durability mode, each time on fresh files under the
# script's temporary directory: Courier --kv-persistence off / everysec / always against Redis appendonly no /
# appendonly yes + appendfsync everysec / appendfsync always (PUT of 100 B, 50 clients, pipeline 1 and 16).
# A Courier without --kv-persistence is reported as skipped; Redis's half still runs.
set -euo pipefail
cd "$(dirname "$0")/.."

REPS=3 DURATION=5 CPUS="" OUT="" SKIP_IDLE="" ONLY="" COURIER_ARGS=""
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) REPS=1; DURATION=2; shift ;;
    --reps) REPS=$2; shift 2 ;;
    --duration) DURATION=$2; shift 2 ;;
    --cpus) CPUS=$2; shift 2 ;;
    --out) OUT=$2; shift 2 ;;
    --skip-idle) SKIP_IDLE=1; shift ;;
    --only) ONLY=$2; shift 2 ;;
    --courier-args) COURIER_ARGS=$2; shift 2 ;;
    -h|--help) sed -n '2,21p' "$0"; exit 0 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done

if ! command -v redis-server >/dev/null 2>&1; then
  echo "redis-server is missing: installing Debian's package" >&2
  apt-get update -q && apt-get install -y -q redis-server >/dev/null
fi

./courier --version >/dev/null   # builds the jar when needed
JAR=cli/target/courier.jar
WORK=$(mktemp -d /tmp/courier-compare.XXXXXX)
KV_PORT=17401 REDIS_PORT=16380
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
rss_mb() { awk '/VmRSS/ {printf "%.0f", $2/1024}' /proc/"$1"/status; }

COURIER_DATA="$WORK/data" COURIER_EXTRA="" REDIS_DIR="$WORK" REDIS_EXTRA=()
start_courier() { # in $COURIER_DATA, with $COURIER_EXTRA (the persist section's flags) after the fixed ones
  MALLOC_ARENA_MAX=2 "${PIN_SERVER[@]}" java -Xms16m -XX:+UseSerialGC -XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=30 \
    -jar "$JAR" serve --data-dir "$COURIER_DATA" --kv-port "$KV_PORT" --kv-rsa-port off --mail-port off --transfer-port off \
    --kv-max-connections 20000 --kv-max-connections-per-address 20000 --kv-max-sessions-per-address 100000 \
    --kv-idle-timeout 600s $COURIER_ARGS $COURIER_EXTRA >>"$WORK/courier.log" 2>&1 &
  COURIER_PID=$!
  echo "$COURIER_PID" >"$WORK/courier.pid"
  wait_port "$KV_PORT"
  kill -0 "$COURIER_PID" || { echo "Courier did not start: $(tail -n 3 "$WORK/courier.log")" >&2; exit 1; }
}
start_redis() { # in $REDIS_DIR; the persist section's ${REDIS_EXTRA[@]} come last and override --appendonly no
  "${PIN_SERVER[@]}" redis-server --port 0 --tls-port "$REDIS_PORT" --tls-cert-file "$CERT" --tls-key-file "$KEY" \
    --tls-ca-cert-file "$CERT" --tls-auth-clients no --save "" --appendonly no --maxclients 20000 \
    --dir "$REDIS_DIR" --logfile "$WORK/redis.log" "${REDIS_EXTRA[@]}" >>"$WORK/redis.out" 2>&1 &
  REDIS_PID=$!
  echo "$REDIS_PID" >"$WORK/redis.pid"
  wait_port "$REDIS_PORT"
  kill -0 "$REDIS_PID" || { echo "Redis did not start" >&2; exit 1; }
}
stop_servers() { # the table is written from a subshell, where the servers are not children: poll until both are gone
  kill "$COURIER_PID" "$REDIS_PID" 2>/dev/null || true
  for _ in $(seq 1 300); do kill -0 "$COURIER_PID" 2>/dev/null || kill -0 "$REDIS_PID" 2>/dev/null || return 0; sleep 0.1; done
  echo "servers did not stop" >&2; exit 1
}
stop_server() { # pid: one server, polled until gone (its port is reused at once)
  kill "$1" 2>/dev/null || true
  for _ in $(seq 1 300); do kill -0 "$1" 2>/dev/null || return 0; sleep 0.1; done
  echo "server $1 did not stop" >&2; exit 1
}

start_courier
CERT="$WORK/data/tls/server.crt" KEY="$WORK/data/tls/server.key"
start_redis

bench() { # protocol port args...
  local proto=$1 port=$2; shift 2
  "${PIN_GEN[@]}" java -jar "$JAR" bench --protocol "$proto" --tls --cacert "$CERT" -h localhost -p "$port" --csv "$@" \
    | tail -n 1
}
median() { sort -g | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
cpu_ticks() { awk '{print $14 + $15}' /proc/"$1"/stat; }
pid_of() { [ "$1" = kv ] && echo "$COURIER_PID" || echo "$REDIS_PID"; }
cell() { # proto port test size clients pipeline -> "rps p99 server-us-per-request" medians
  local rps=() p99=() us=() line pid t0 t1 r
  pid=$(pid_of "$1")
  for _ in $(seq 1 "$REPS"); do
    t0=$(cpu_ticks "$pid")
    line=$(bench "$1" "$2" -t "$3" -d "$4" -c "$5" -P "$6" -r 1000 --duration "${DURATION}s")
    t1=$(cpu_ticks "$pid")
    r=$(echo "$line" | awk -F'"' '{print $4}')
    rps+=("$r")
    p99+=("$(echo "$line" | awk -F'"' '{print $14}')")
    # Ticks are 1/100 s; the window also holds the connections' opening, the same for both servers.
    us+=("$(awk -v a="$t0" -v b="$t1" -v r="$r" -v d="$DURATION" 'BEGIN {printf "%.3f", (b - a) * 10000 / (r * d)}')")
  done
  echo "$(printf '%s\n' "${rps[@]}" | median) $(printf '%s\n' "${p99[@]}" | median) $(printf '%s\n' "${us[@]}" | median)"
}

{
echo "# Courier KV vs Redis $(redis-server --version | awk '{print $3}') with TLS"
echo
echo "Machine: $(nproc) CPUs, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo); $(java -version 2>&1 | head -1)"
if [ -n "$CPUS" ]; then echo "CPU pinning: both servers on CPU(s) $CPUS, the generator on $OTHER."; else echo "CPU pinning: none (servers and generator share every CPU)."; fi
echo "Courier: serve with the launcher's JVM settings${COURIER_ARGS:+ and $COURIER_ARGS}; Redis: one thread (its default)."
echo "Each cell: median of $REPS runs of ${DURATION} s after a warm-up; keyspace 1000; TLS on both (same certificate)."
echo
run() { [ -z "$ONLY" ] || [ "$ONLY" = "$1" ]; }
if run matrix || run p99; then
echo "Warming up both servers..." >&2
bench kv "$KV_PORT" -t put,get -d 32 -c 50 --duration 3s >/dev/null
bench resp "$REDIS_PORT" -t put,get -d 32 -c 50 --duration 3s >/dev/null
fi
if run matrix; then
echo "| test | size | clients | pipeline | Courier req/s | Redis req/s | ratio | Courier p99 ms | Redis p99 ms | p99 ratio | Courier CPU µs/req | Redis CPU µs/req | CPU ratio |"
echo "|---|---|---|---|---|---|---|---|---|---|---|---|---|"
for t in put get mix; do for d in 32 1024; do for c in 1 50; do for p in 1 16; do
  read -r crps cp99 cus < <(cell kv "$KV_PORT" "$t" "$d" "$c" "$p")
  read -r rrps rp99 rus < <(cell resp "$REDIS_PORT" "$t" "$d" "$c" "$p")
  awk -v t="$t" -v d="$d" -v c="$c" -v p="$p" -v a="$crps" -v b="$rrps" -v x="$cp99" -v y="$rp99" -v u="$cus" -v v="$rus" \
    'BEGIN {printf "| %s | %d B | %d | %d | %.0f | %.0f | %.2f | %.3f | %.3f | %.2f | %.2f | %.2f | %.2f |\n", t, d, c, p, a, b, a/b, x, y, (y>0?x/y:0), u, v, (v>0?u/v:0)}'
done; done; done; done
echo
fi
if run p99; then
echo
echo "## p99 at 80% of Redis's saturation rate (GET and PUT, 32 B, 50 clients, pipeline 1)"
echo
echo "| test | rate req/s | Courier p99 ms | Redis p99 ms | p99 ratio |"
echo "|---|---|---|---|---|"
for t in put get; do
  read -r sat _ < <(cell resp "$REDIS_PORT" "$t" 32 50 1)
  rate=$(awk -v s="$sat" 'BEGIN {printf "%.0f", s*0.8}')
  cl=$(bench kv "$KV_PORT" -t "$t" -d 32 -c 50 -r 1000 --rate "$rate" --duration "${DURATION}s")
  rl=$(bench resp "$REDIS_PORT" -t "$t" -d 32 -c 50 -r 1000 --rate "$rate" --duration "${DURATION}s")
  awk -v t="$t" -v r="$rate" -v x="$(echo "$cl" | awk -F'"' '{print $14}')" -v y="$(echo "$rl" | awk -F'"' '{print $14}')" \
    'BEGIN {printf "| %s | %d | %.3f | %.3f | %.2f |\n", t, r, x, y, (y>0?x/y:0)}'
done
echo
fi
if run connect; then
echo
echo "## Connect rate (TLS handshake + open + close, 50 clients, the generator on 2 threads)"
echo
echo "The generator's client resumes TLS sessions (TLS 1.3 tickets) against both servers, as real clients do."
echo "Courier's TLS library offers and prefers the post-quantum hybrid key exchange X25519MLKEM768, which Redis's"
echo "OpenSSL lacks, so the first row makes both use X25519 (the generator offers nothing else) and the second"
echo "lets each server use its best."
echo
connect_cell() { # proto port [bench args] -> "conn/s server-us-per-connection key-exchange" medians
  local rates=() us=() pid t0 t1 r out kx proto=$1 port=$2
  shift 2
  pid=$(pid_of "$proto")
  for _ in $(seq 1 "$REPS"); do
    t0=$(cpu_ticks "$pid")
    out=$("${PIN_GEN[@]}" java -jar "$JAR" bench --protocol "$proto" --tls --cacert "$CERT" -h localhost -p "$port" \
      -t connect -c 50 --threads 2 --duration "${DURATION}s" "$@")
    t1=$(cpu_ticks "$pid")
    r=$(echo "$out" | awk '/throughput summary/ {print $3}')
    kx=$(echo "$out" | awk '/key exchange/ {print $3}')
    rates+=("$r")
    us+=("$(awk -v a="$t0" -v b="$t1" -v r="$r" -v d="$DURATION" 'BEGIN {printf "%.1f", (b - a) * 10000 / (r * d)}')")
  done
  echo "$(printf '%s\n' "${rates[@]}" | median) $(printf '%s\n' "${us[@]}" | median) $kx"
}
echo "Warming up both servers' connection paths..." >&2
bench kv "$KV_PORT" -t connect -c 50 --threads 2 --duration 5s >/dev/null
bench resp "$REDIS_PORT" -t connect -c 50 --threads 2 --duration 5s >/dev/null
echo "| key exchange (Courier / Redis) | Courier conn/s | Redis conn/s | ratio | Courier CPU µs/conn | Redis CPU µs/conn | CPU ratio |"
echo "|---|---|---|---|---|---|---|"
for groups in X25519 default; do
  args=(); [ "$groups" = default ] || args=(--tls-groups "$groups")
  read -r ck cku ckx < <(connect_cell kv "$KV_PORT" "${args[@]}")
  read -r cr cru crx < <(connect_cell resp "$REDIS_PORT" "${args[@]}")
  awk -v a="$ck" -v b="$cr" -v u="$cku" -v v="$cru" -v k="$ckx / $crx" \
    'BEGIN {printf "| %s | %.0f | %.0f | %.2f | %.0f | %.0f | %.2f |\n", k, a, b, a/b, u, v, (v>0?u/v:0)}'
done
fi
if [ -z "$SKIP_IDLE" ] && run idle; then
  echo
  echo "## Memory of 10,000 idle TLS sessions (server RSS, each server freshly started)"
  echo
  echo "| server | RSS at start | RSS with 10k open sessions | growth |"
  echo "|---|---|---|---|"
  stop_servers
  start_courier
  start_redis
  for s in kv:$KV_PORT:$COURIER_PID resp:$REDIS_PORT:$REDIS_PID; do
    IFS=: read -r proto port pid <<<"$s"
    before=$(rss_mb "$pid")
    "${PIN_GEN[@]}" java -Xss256k -jar "$JAR" bench --protocol "$proto" --tls --cacert "$CERT" -h localhost -p "$port" \
      -t idle -c 10000 --duration 15s --threads 2 >"$WORK/idle.out" 2>&1 &
    gen=$!
    for _ in $(seq 1 300); do grep -q "IDLE:" "$WORK/idle.out" && break; sleep 0.2; done
    sleep 2
    after=$(rss_mb "$pid")
    wait "$gen" || true
    name=$([ "$proto" = kv ] && echo Courier || echo Redis)
    if grep -q "IDLE:" "$WORK/idle.out"; then
      echo "| $name | ${before} MB | ${after} MB | +$((after - before)) MB |"
    else # a figure of fewer sessions than asked for would mislead: say what went wrong instead
      echo "| $name | ${before} MB | not measured: $(tail -n 1 "$WORK/idle.out") | |"
    fi
  done
fi
if run persist; then
  echo
  echo "## Durability modes (PUT 100 B, keyspace 1000 per client, 50 clients)"
  echo
  echo "Each mode restarts both servers on fresh files in $WORK (Courier: --data-dir, a new one per start, with"
  echo "the same certificate; Redis: --dir, its append-only file under it). Courier --kv-persistence off/everysec/"
  echo "always against Redis appendonly no / appendonly yes + appendfsync everysec / appendfsync always."
  echo
  COURIER_PERSIST=1
  if ! java -jar "$JAR" serve --help 2>&1 | grep -q -- --kv-persistence; then
    COURIER_PERSIST=""
    echo "Courier: skipped: this build has no --kv-persistence"
    echo
  fi
  echo "| mode | Redis | pipeline | Courier req/s | Redis req/s | ratio | Courier CPU µs/req | Redis CPU µs/req | CPU ratio | Courier files MiB | Redis files MiB |"
  echo "|---|---|---|---|---|---|---|---|---|---|---|"
  declare -A PRPS=()
  for mode in off everysec always; do
    case "$mode" in
      off) REDIS_EXTRA=(--appendonly no); redis_desc="appendonly no" ;;
      everysec) REDIS_EXTRA=(--appendonly yes --appendfsync everysec); redis_desc="appendfsync everysec" ;;
      always) REDIS_EXTRA=(--appendonly yes --appendfsync always); redis_desc="appendfsync always" ;;
    esac
    stop_server "$REDIS_PID"
    REDIS_DIR="$WORK/redis-$mode"; rm -rf "$REDIS_DIR"; mkdir -p "$REDIS_DIR"
    start_redis
    if [ -n "$COURIER_PERSIST" ]; then
      stop_server "$COURIER_PID"
      COURIER_DATA="$WORK/data-$mode"; rm -rf "$COURIER_DATA"; mkdir -p "$COURIER_DATA"
      cp -r "$WORK/data/tls" "$COURIER_DATA/"
      COURIER_EXTRA="--kv-persistence $mode"
      start_courier
      echo "Warming up Courier ($mode)..." >&2
      bench kv "$KV_PORT" -t put -d 100 -c 50 -r 1000 --duration 3s >/dev/null
    fi
    echo "Warming up Redis ($redis_desc)..." >&2
    bench resp "$REDIS_PORT" -t put -d 100 -c 50 -r 1000 --duration 3s >/dev/null
    for p in 1 16; do
      crps=0 cus=0 cfiles="skipped"
      if [ -n "$COURIER_PERSIST" ]; then
        read -r crps _ cus < <(cell kv "$KV_PORT" put 100 50 "$p")
        cfiles=$(du -sm "$COURIER_DATA/kv" 2>/dev/null | awk '{print $1}' || true); cfiles=${cfiles:-0}
      fi
      read -r rrps _ rus < <(cell resp "$REDIS_PORT" put 100 50 "$p")
      rfiles=$(du -sm "$REDIS_DIR" | awk '{print $1}')
      PRPS[kv-$mode-$p]=$crps PRPS[resp-$mode-$p]=$rrps
      if [ -n "$COURIER_PERSIST" ]; then
        awk -v m="$mode" -v r="$redis_desc" -v p="$p" -v a="$crps" -v b="$rrps" -v u="$cus" -v v="$rus" -v cf="$cfiles" -v rf="$rfiles" \
          'BEGIN {printf "| %s | %s | %d | %.0f | %.0f | %.2f | %.2f | %.2f | %.2f | %s | %s |\n", m, r, p, a, b, a/b, u, v, (v>0?u/v:0), cf, rf}'
      else
        awk -v m="$mode" -v r="$redis_desc" -v p="$p" -v b="$rrps" -v v="$rus" -v rf="$rfiles" \
          'BEGIN {printf "| %s | %s | %d | skipped | %.0f | | | %.2f | | skipped | %s |\n", m, r, p, b, v, rf}'
      fi
    done
  done
  echo
  for p in 1 16; do
    if [ -n "$COURIER_PERSIST" ]; then
      awk -v p="$p" -v a="${PRPS[kv-everysec-$p]}" -v b="${PRPS[kv-off-$p]}" -v c="${PRPS[kv-always-$p]}" \
        'BEGIN {printf "Courier, pipeline %d: everysec/off %.2f (target at least 0.90, a cost of at most 10%%), always/off %.2f\n", p, a/b, c/b}'
    else
      echo "Courier, pipeline $p: skipped: this build has no --kv-persistence"
    fi
    awk -v p="$p" -v a="${PRPS[resp-everysec-$p]}" -v b="${PRPS[resp-off-$p]}" -v c="${PRPS[resp-always-$p]}" \
      'BEGIN {printf "Redis, pipeline %d: everysec/off %.2f, always/off %.2f\n", p, a/b, c/b}'
  done
  echo
fi
} | tee ${OUT:+"$OUT"}
