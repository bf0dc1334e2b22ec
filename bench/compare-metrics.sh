#!/usr/bin/env bash
# What the metrics endpoint costs a running server (issue 14): courier bench's KV PUT throughput with
# serve --metrics-port on and off, in one run. The two configurations alternate, one server at a time, so that load
# which comes and goes hits both; with the endpoint on, a scraper reads /metrics every --scrape seconds throughout.
# Each run: 6 s of warm-up, then --duration seconds measured; the server's CPU time (user + system, from
# /proc/PID/stat) per request is given beside the rate. The summary is the median of the per-pair rate ratios
# (on / off) and the median ratio of CPU per request. Target: on / off at least 0.97.
#
# Usage: bench/compare-metrics.sh [--pairs N] [--duration SECONDS] [--scrape SECONDS] [--pipeline P] [--no-pin]
#   --pairs N      alternating on/off pairs (default 18: on this 2-core machine one run varies by +-15%)
#   --no-pin       do not pin the server to CPU 1 and the generator to CPU 0 (taskset)
set -euo pipefail
cd "$(dirname "$0")/.."

PAIRS=18 DURATION=8 SCRAPE=5 P=16 PIN=1
while [ $# -gt 0 ]; do
  case "$1" in
    --pairs) PAIRS=$2; shift 2 ;;
    --duration) DURATION=$2; shift 2 ;;
    --scrape) SCRAPE=$2; shift 2 ;;
    --pipeline) P=$2; shift 2 ;;
    --no-pin) PIN=""; shift ;;
    -h|--help) sed -n '2,12p' "$0"; exit 0 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done

./courier --version >/dev/null   # builds the jar when needed
JAR=cli/target/courier.jar
WORK=$(mktemp -d /tmp/courier-metrics.XXXXXX)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$WORK"' EXIT
SERVER_CPU="" GEN_CPU=""
if [ -n "$PIN" ]; then SERVER_CPU="taskset -c 1"; GEN_CPU="taskset -c 0"; fi
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')

ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
run() { # on|off: prints "name rate cpu_us_per_request"
  local name=$1 extra=()
  [ "$name" = on ] && extra=(--metrics-port 0)
  MALLOC_ARENA_MAX=2 $SERVER_CPU java -Xms16m -XX:+UseSerialGC -jar "$JAR" serve --data-dir "$WORK/d" \
    --kv-port "$PORT" --kv-rsa-port off --mail-port off --transfer-port off --kv-persistence off \
    --kv-max-connections-per-address 20000 --kv-max-sessions-per-address 100000 --kv-idle-timeout 600s \
    "${extra[@]}" > "$WORK/$name.log" 2>&1 &
  local server=$! scraper=""
  for _ in $(seq 200); do (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null && break; sleep 0.1; done
  if [ "$name" = on ]; then
    local mport=""
    for _ in $(seq 100); do
      mport=$(grep -o "metrics listening on [^ ]*:[0-9]*" "$WORK/on.log" | grep -o "[0-9]*$" | head -1 || true)
      [ -n "$mport" ] && break; sleep 0.1
    done
    ( while true; do curl -s "http://127.0.0.1:$mport/metrics" > /dev/null; sleep "$SCRAPE"; done ) &
    scraper=$!
  fi
  local bench=($GEN_CPU java -jar "$JAR" bench --protocol kv --tls --cacert "$WORK/d/tls/server.crt" -h localhost
    -p "$PORT" --csv -t put -d 100 -c 50 -P "$P" -r 1000)
  "${bench[@]}" --duration 6s > /dev/null
  local c0 c1 line rate
  c0=$(ticks $server)
  line=$("${bench[@]}" --duration "${DURATION}s" | tail -1)
  c1=$(ticks $server)
  rate=$(echo "$line" | awk -F'"' '{print $4}')
  [ -n "$scraper" ] && kill "$scraper"
  kill "$server"; wait "$server" 2>/dev/null || true
  awk -v n="$name" -v r="$rate" -v t=$((c1 - c0)) -v d="$DURATION" \
    'BEGIN { printf "%s %.0f %.3f\n", n, r, t * 10000 / (r * d) }'
}

echo "pair  off req/s  on req/s  ratio   off us/req  on us/req"
RESULTS="$WORK/results"
for i in $(seq "$PAIRS"); do
  off=$(run off); on=$(run on)
  echo "$i $off $on" >> "$RESULTS"
  echo "$i $off $on" | awk '{ printf "%4d %10d %9d  %.3f   %10.3f %10.3f\n", $1, $3, $6, $6 / $3, $4, $7 }'
done
python3 - "$RESULTS" <<'PY'
import statistics, sys
rows = [line.split() for line in open(sys.argv[1])]
rate = sorted(float(r[5]) / float(r[2]) for r in rows)
cpu = statistics.median(float(r[6]) for r in rows) / statistics.median(float(r[3]) for r in rows)
n = len(rate)
print(f"{n} pairs: rate on/off median {statistics.median(rate):.3f} (range {rate[0]:.3f}-{rate[-1]:.3f}, "
      f"middle half {rate[n // 4]:.3f}-{rate[(3 * n) // 4]:.3f}); server CPU per request on/off {cpu:.3f}")
PY
