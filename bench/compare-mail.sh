#!/usr/bin/env bash
# Durable mail sends per second on this machine, in one run:
#   1. Courier mail on its embedded H2 store (the default),
#   2. Courier mail on PostgreSQL (--mail-db),
#   3. PostgreSQL's own rate of one-INSERT transactions at the same durability (pgbench, synchronous_commit=on,
#      fsync=on), the ceiling Courier on PostgreSQL is measured against.
# Every client waits for its answer before the next send (Courier: OK:sent after the commit reached the disk).
# The generator runs on the same machine: the numbers are this machine's, with whatever else it is doing.
#
# Usage: bench/compare-mail.sh [--quick] [--reps N] [--duration SECONDS] [--clients N] [--size BYTES] [--out FILE]
#   --quick      1 run of 5 s per Courier cell instead of the median of 3 runs of 15 s
#   --clients N  concurrent clients in every cell (default 50)
#   --size B     message body size (default 100)
#   --out FILE   also write the table to FILE (markdown)
#   --jfr        record a JFR profile of each Courier server under the work directory (kept, path printed)
set -euo pipefail
cd "$(dirname "$0")/.."

REPS=3 DURATION=15 CLIENTS=50 SIZE=100 OUT="" JFR=""
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) REPS=1; DURATION=5; shift ;;
    --reps) REPS=$2; shift 2 ;;
    --duration) DURATION=$2; shift 2 ;;
    --clients) CLIENTS=$2; shift 2 ;;
    --size) SIZE=$2; shift 2 ;;
    --out) OUT=$2; shift 2 ;;
    --jfr) JFR=1; shift ;;
    -h|--help) sed -n '2,18p' "$0"; exit 0 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done

# PostgreSQL: Debian's packages, installed when missing.
pg_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }
if [ -z "$(pg_bin)" ] || [ ! -x "$(pg_bin)/pgbench" ]; then
  echo "PostgreSQL is missing: installing Debian's package" >&2
  apt-get update -q >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -q postgresql postgresql-contrib >/dev/null
fi
PGBIN=$(pg_bin)

./courier --version >/dev/null   # builds the jar when needed
LOAD_START=$(cut -d' ' -f1-3 /proc/loadavg)
JAR=cli/target/courier.jar
WORK=$(mktemp -d /tmp/courier-mail-compare.XXXXXX)
chmod 755 "$WORK"
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
MAIL_PORT=$(free_port) PG_PORT=$(free_port)
ulimit -n 65536 2>/dev/null || true

# PostgreSQL refuses to run as root: use its own account then.
AS_PG=()
if [ "$(id -u)" = 0 ]; then
  id postgres >/dev/null 2>&1 || useradd --system --home-dir "$WORK" postgres
  AS_PG=(runuser -u postgres --)
fi

cleanup() {
  [ -n "${COURIER_PID:-}" ] && kill "$COURIER_PID" 2>/dev/null && wait "$COURIER_PID" 2>/dev/null || true
  [ -d "$WORK/pg" ] && "${AS_PG[@]}" "$PGBIN/pg_ctl" -D "$WORK/pg" -m fast -w stop >/dev/null 2>&1 || true
  if [ -n "$JFR" ]; then echo "JFR recordings kept in $WORK/*.jfr" >&2; else rm -rf "$WORK"; fi
}
trap cleanup EXIT

wait_port() { for _ in $(seq 1 300); do (exec 3<>/dev/tcp/127.0.0.1/"$1") 2>/dev/null && return 0; sleep 0.1; done; echo "port $1 did not open" >&2; exit 1; }

# Limits out of the way: the benchmark measures the store, not the per-user rate limit or mailbox quotas.
SERVE_FLAGS=(--kv-port off --mail-port "$MAIL_PORT" --mail-sends-per-minute 100000000
  --mail-mailbox-messages 100000000 --mail-mailbox-bytes 1024GiB --mail-max-connections 20000)

start_courier() { # name data-dir extra serve flags...
  local name=$1 data=$2; shift 2
  local jvm=()
  [ -n "$JFR" ] && jvm=(-XX:StartFlightRecording=filename="$WORK/$name.jfr",settings=profile)
  java "${jvm[@]}" -jar "$JAR" serve --data-dir "$data" "${SERVE_FLAGS[@]}" "$@" >"$WORK/$name.log" 2>&1 &
  COURIER_PID=$!
  wait_port "$MAIL_PORT"
}
stop_courier() { kill "$COURIER_PID"; wait "$COURIER_PID" || true; COURIER_PID=""; }
bench_mail() { # data-dir extra bench flags... -> csv line
  local data=$1; shift
  java -jar "$JAR" --log-level warn bench-mail -p "$MAIL_PORT" --data-dir "$data" -c "$CLIENTS" -d "$SIZE" --warmup 5s \
    --duration "${DURATION}s" --csv "$@" | tail -n 1
}
median_run() { # data-dir extra bench flags... -> the csv line of the median run by sends/s
  local runs=()
  for _ in $(seq 1 "$REPS"); do runs+=("$(bench_mail "$@")"); done
  printf '%s\n' "${runs[@]}" | sort -t, -k1 -g | awk '{a[NR]=$0} END {print a[int((NR+1)/2)]}'
}

echo "Courier on H2 ..." >&2
start_courier h2 "$WORK/h2"
H2=$(median_run "$WORK/h2")
stop_courier

echo "PostgreSQL: a cluster in $WORK/pg on port $PG_PORT ..." >&2
mkdir -p "$WORK/pg" "$WORK/sock"
[ "$(id -u)" = 0 ] && chown postgres "$WORK/pg" "$WORK/sock"
"${AS_PG[@]}" "$PGBIN/initdb" -D "$WORK/pg" -U postgres -A trust -E UTF8 >"$WORK/initdb.log" 2>&1
"${AS_PG[@]}" "$PGBIN/pg_ctl" -D "$WORK/pg" -l "$WORK/pg/server.log" -w start -o "-p $PG_PORT -k $WORK/sock \
  -c listen_addresses=127.0.0.1 -c max_connections=300 -c fsync=on -c synchronous_commit=on \
  -c shared_buffers=256MB" >/dev/null
PSQL=("$PGBIN/psql" -q -h 127.0.0.1 -p "$PG_PORT" -U postgres -v ON_ERROR_STOP=1)
"${PSQL[@]}" -d postgres -c "CREATE DATABASE mail" -c "CREATE DATABASE raw"
PG_URL="jdbc:postgresql://127.0.0.1:$PG_PORT/mail"

echo "Courier on PostgreSQL ..." >&2
start_courier pg "$WORK/pgdata" --mail-db "$PG_URL" --mail-db-user postgres
PG=$(median_run "$WORK/pgdata" --mail-db "$PG_URL" --mail-db-user postgres)
stop_courier

echo "pgbench: one INSERT per transaction ..." >&2
# The same row Courier stores, without Courier's mailbox accounting (one UPDATE per message) and group commit.
"${PSQL[@]}" -d raw -c "CREATE TABLE msg (id BIGSERIAL PRIMARY KEY, owner_id BIGINT NOT NULL, sender VARCHAR(64) NOT NULL,
  sent_at BIGINT NOT NULL, subject VARCHAR(65536) NOT NULL, body VARCHAR(65536) NOT NULL, size_bytes INTEGER NOT NULL)" \
  -c "CREATE INDEX msg_by_owner ON msg (owner_id, sent_at, id)"
BODY=$(head -c "$SIZE" /dev/zero | tr '\0' x)
cat >"$WORK/insert.sql" <<SQL
\set owner random(1, $CLIENTS)
INSERT INTO msg (owner_id, sender, sent_at, subject, body, size_bytes) VALUES (:owner, 'bench-0', 1700000000000, 'courier-bench-mail', '$BODY', $((SIZE + 18)));
SQL
PGB_OUT=$("$PGBIN/pgbench" -n -h 127.0.0.1 -p "$PG_PORT" -U postgres -M prepared -c "$CLIENTS" -j 2 -T "$DURATION" \
  -f "$WORK/insert.sql" -l --log-prefix="$WORK/pgbench" raw 2>&1)
PGB_TPS=$(echo "$PGB_OUT" | awk -F'= ' '/^tps/ {split($2, a, " "); print a[1]}')
# Per-transaction log: the third field is the latency in microseconds.
PGB_LAT=$(cat "$WORK"/pgbench.* | awk '{print $3}' | sort -n | awk '{a[NR]=$1; s+=$1} END {
  printf "%.3f,%.3f,%.3f,%.3f,%.3f,%.3f", s/NR/1000, a[int(NR*0.50)]/1000, a[int(NR*0.95)]/1000,
    a[int(NR*0.99)]/1000, a[int(NR*0.999)]/1000, a[NR]/1000}')

row() { # name csv(sends,avg,p50,p95,p99,p999,max,errors)
  echo "$2" | awk -F, -v n="$1" '{printf "| %s | %.0f | %.2f | %.2f | %.2f | %.2f | %s |\n", n, $1, $2, $3, $5, $7, ($8 == "" ? "-" : $8)}'
}

{
echo "# Durable mail sends per second, $CLIENTS clients"
echo
echo "Machine: $(nproc) CPUs, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo); $(java -version 2>&1 | head -1);"\
  "PostgreSQL $("$PGBIN/postgres" --version | awk '{print $3}'); load average at the start: $LOAD_START, at the end: $(cut -d' ' -f1-3 /proc/loadavg)."
echo "Server, database and load generator share the machine (nothing pinned). Courier cells: median of $REPS runs of ${DURATION} s,"\
  "each after a 5 s warm-up; pgbench: one run of ${DURATION} s; ${SIZE}-byte bodies; one request in flight per client; Courier over TLS."
echo
echo "| what | sends/s (acknowledged, durable) | avg ms | p50 ms | p99 ms | max ms | ERR replies |"
echo "|---|---|---|---|---|---|---|"
row "Courier mail, H2 (default; CHECKPOINT SYNC per group commit)" "$H2"
row "Courier mail, PostgreSQL (synchronous_commit=on)" "$PG"
row "PostgreSQL alone: pgbench, 1 INSERT per transaction, synchronous_commit=on" "$PGB_TPS,$PGB_LAT,"
echo
awk -v a="$(echo "$PG" | cut -d, -f1)" -v b="$PGB_TPS" 'BEGIN {printf "Courier on PostgreSQL / PostgreSQL alone: %.2f\n", a/b}'
} | tee ${OUT:+"$OUT"}
