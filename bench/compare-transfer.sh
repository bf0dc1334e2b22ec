#!/usr/bin/env bash
# Courier transfer vs the standard-tools pipeline: the same file moved over loopback and hashed on both ends,
# plain, with TLS, and with mutual TLS (the receiver requires a client certificate), in one run. Every method runs once per repetition, interleaved, so load drift hits all.
#
# Standard pipelines (receiver started first and listening; the clock runs from the start of sending until
# the sender is done AND both hashes are written):
#   stream: sender `sha256sum SRC` alongside `nc -N` (TLS: socat OPENSSL) sending SRC; receiver
#           `nc -l | tee DST | sha256sum` (TLS: socat OPENSSL-LISTEN) -- both hashes overlap the copy
#           (mutual TLS: socat's listener with verify=1 and the client CA, the sender with cert= and key=)
#           (socat with 128 KiB blocks rather than its 8 KiB default, the faster of the two here)
#   seq:    sender `sha256sum SRC`, then send; receiver writes DST, then `sha256sum DST` (Courier's order
#           on the sender: hash first, since the first frame carries the SHA-256)
# Courier: a fresh receiver JVM per run (not timed, like `nc -l`), then the clock runs over the whole sender JVM
#   (`TransferBench send`: start-up, hash, send, the receiver's verify, fsync and rename, final ACK).
#   It sends as `courier send` does: `RESUME` first, the receiver keeping the body as a resumable partial under
#   its data directory (synced every 64 MiB) and linking it into the inbox once verified; --no-resume sends with
#   the spec's frames only (a spec sender's path).
# The standard pipelines do not fsync DST; Courier does (the spec syncs before the rename). --std-sync adds
# `sync DST` to the standard receivers for a like-for-like durability comparison.
#
# Usage: bench/compare-transfer.sh [--size 1G] [--quick] [--reps N] [--out FILE] [--std-sync] [--no-build]
#                                  [--plain-only | --tls-only | --mtls-only | --modes "plain tls mtls"] [--no-resume]
#                                  [--keep]
#   --size SIZE   file size (sizes as for head -c: 256M, 1G; default 1G)
#   --quick       256 MiB instead of 1 GiB
#   --reps N      repetitions; each cell is the median (default 3)
#   --out FILE    also write the report to FILE (markdown)
#   --std-sync    the standard receivers also fsync DST before they count as done
#   --no-build    use the jars already built
#   --modes LIST  which transports to compare, of plain, tls and mtls (default: all three)
#   --no-resume   Courier's sender skips RESUME (no partial kept), as a spec-only sender would
#   --keep        keep the temporary directory
set -euo pipefail
cd "$(dirname "$0")/.."

SIZE=1G REPS=3 OUT="" STD_SYNC="" BUILD=1 KEEP="" MODES="plain tls mtls" RESUME=1
while [ $# -gt 0 ]; do
  case "$1" in
    --size) SIZE=$2; shift 2 ;;
    --quick) SIZE=256M; shift ;;
    --reps) REPS=$2; shift 2 ;;
    --out) OUT=$2; shift 2 ;;
    --std-sync) STD_SYNC=1; shift ;;
    --no-build) BUILD=""; shift ;;
    --keep) KEEP=1; shift ;;
    --plain-only) MODES=plain; shift ;;
    --tls-only) MODES=tls; shift ;;
    --mtls-only) MODES=mtls; shift ;;
    --modes) MODES=$2; shift 2 ;;
    --no-resume) RESUME=""; shift ;;
    -h|--help) awk 'NR > 1 && /^#/ {sub(/^# ?/, ""); print; next} NR > 1 {exit}' "$0"; exit 0 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done

# --- tools: Debian's netcat-openbsd (nc -N, -d), socat (TLS), coreutils sha256sum, iproute2 ss ---------------
need=()
nc -h 2>&1 | grep -q 'OpenBSD netcat' || need+=(netcat-openbsd)
command -v socat >/dev/null 2>&1 || need+=(socat)
command -v ss >/dev/null 2>&1 || need+=(iproute2)
if [ ${#need[@]} -gt 0 ]; then
  echo "installing ${need[*]} (Debian packages)" >&2
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO=sudo
  $SUDO apt-get update -q >/dev/null && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q "${need[@]}" >/dev/null
fi
for t in java mvn sha256sum nc socat ss; do command -v "$t" >/dev/null || { echo "$t is missing" >&2; exit 1; }; done

if [ -n "$BUILD" ]; then
  echo "building bench (and core, kv, transfer)..." >&2
  mvn -B -q -pl bench -am package -DskipTests dependency:build-classpath \
    -Dmdep.outputFile=target/runtime.classpath -DincludeScope=runtime
fi
CP="$PWD/bench/target/courier-bench-0.1.0-SNAPSHOT.jar:$(cat bench/target/runtime.classpath)"
MAIN=dev.courier.bench.transfer.TransferBench

WORK=$(mktemp -d "${TMPDIR:-/tmp}/courier-transfer.XXXXXX")
RPID=""
cleanup() {
  [ -n "$RPID" ] && kill "$RPID" 2>/dev/null || true
  wait 2>/dev/null || true
  [ -z "$KEEP" ] && rm -rf "$WORK"
  return 0
}
trap cleanup EXIT
SRC="$WORK/src/data.bin" IN="$WORK/in" DST="$WORK/in/data.bin"
mkdir -p "$WORK/src" "$IN"

BYTES=$(numfmt --from=iec "$SIZE")
FREE=$(df -B1 --output=avail "$WORK" | tail -n 1)
if [ "$FREE" -lt $((BYTES * 2 + (256 << 20))) ]; then
  echo "not enough space in $WORK: need twice $SIZE" >&2; exit 1
fi

echo "making a $SIZE random file..." >&2
head -c "$BYTES" /dev/urandom > "$SRC"
EXPECT=$(sha256sum "$SRC" | cut -d' ' -f1)   # also pulls SRC into the page cache for every method
CERT=$(java -cp "$CP" "$MAIN" cert --dir "$WORK/tls" 2>/dev/null)
KEY="$WORK/tls/server.key"
# Mutual TLS: a client CA and one client certificate it signed (Courier's own CA code, as `courier transfer cert
# issue` uses), for socat and Courier alike.
CLIENT_CA=$(java -cp "$CP" "$MAIN" cert --dir "$WORK/clients" --client bench 2>/dev/null)
CCERT="$WORK/clients/bench.crt" CKEY="$WORK/clients/bench.key"

now() { date +%s.%N; }
PORT=$((20000 + RANDOM % 20000))
next_port() { PORT=$((PORT + 1)); echo "$PORT"; }
wait_listen() { for _ in $(seq 1 200); do ss -Hltn "sport = :$1" | grep -q . && return 0; sleep 0.05; done
                echo "nothing listens on port $1" >&2; exit 1; }
quiesce() { rm -f "$IN"/* "$WORK"/h.*; sync; sleep 1; }   # earlier runs' dirty pages must not slow this one
check() { # method hash-file...
  local m=$1; shift
  for f in "$@"; do
    [ "$(cut -d' ' -f1 < "$f")" = "$EXPECT" ] || { echo "$m: wrong SHA-256 in $f" >&2; exit 1; }
  done
  [ "$(stat -c %s "$DST")" = "$BYTES" ] || { echo "$m: received file has the wrong size" >&2; exit 1; }
}
maybe_sync() { if [ -n "$STD_SYNC" ]; then sync "$DST"; fi; }

SOCAT_BLOCK=131072   # socat's 8 KiB default is ~20% slower over TLS here: compare with the faster setting
# Each run_* sets SECS to its wall time in seconds; Courier also sets PH to its sender's own clock:
# "in-process connect hash transfer finish" seconds.
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.3f", b - a}'; }
std_recv() { # mode port -> the receiver's byte stream on stdout
  if [ "$1" = tls ]; then
    socat -b "$SOCAT_BLOCK" -u OPENSSL-LISTEN:"$2",bind=127.0.0.1,reuseaddr,cert="$CERT",key="$KEY",verify=0 STDOUT
  elif [ "$1" = mtls ]; then
    socat -b "$SOCAT_BLOCK" -u OPENSSL-LISTEN:"$2",bind=127.0.0.1,reuseaddr,cert="$CERT",key="$KEY",verify=1,cafile="$CLIENT_CA" STDOUT
  else
    nc -d -l 127.0.0.1 "$2"
  fi
}
std_send() { # mode port < file
  if [ "$1" = tls ]; then
    socat -b "$SOCAT_BLOCK" -u STDIN OPENSSL:127.0.0.1:"$2",cafile="$CERT",verify=1
  elif [ "$1" = mtls ]; then
    socat -b "$SOCAT_BLOCK" -u STDIN OPENSSL:127.0.0.1:"$2",cafile="$CERT",verify=1,cert="$CCERT",key="$CKEY"
  else
    nc -N 127.0.0.1 "$2" >/dev/null
  fi
}
run_stream() { # tls
  local port t0 t1 hp; port=$(next_port)
  ( std_recv "$1" "$port" | tee "$DST" | sha256sum > "$WORK/h.recv"; maybe_sync ) &
  RPID=$!
  wait_listen "$port"
  t0=$(now)
  sha256sum "$SRC" > "$WORK/h.send" & hp=$!
  std_send "$1" "$port" < "$SRC"
  wait "$hp"; wait "$RPID"; RPID=""
  t1=$(now)
  check "stream $1" "$WORK/h.send" "$WORK/h.recv"
  SECS=$(elapsed "$t0" "$t1")
}
run_seq() { # tls
  local port t0 t1; port=$(next_port)
  ( std_recv "$1" "$port" > "$DST"; maybe_sync; sha256sum "$DST" > "$WORK/h.recv" ) &
  RPID=$!
  wait_listen "$port"
  t0=$(now)
  sha256sum "$SRC" > "$WORK/h.send"
  std_send "$1" "$port" < "$SRC"
  wait "$RPID"; RPID=""
  t1=$(now)
  check "seq $1" "$WORK/h.send" "$WORK/h.recv"
  SECS=$(elapsed "$t0" "$t1")
}
run_courier() { # tls
  local targs=() sargs=() port t0 t1
  if [ "$1" = tls ]; then targs=(--tls --cert-dir "$WORK/tls"); sargs=(--tls --cacert "$CERT"); fi
  if [ "$1" = mtls ]; then
    targs=(--tls --cert-dir "$WORK/tls" --client-ca "$CLIENT_CA")
    sargs=(--tls --cacert "$CERT" --cert "$CCERT" --key "$CKEY")
  fi
  if [ -n "$RESUME" ]; then targs+=(--partials "$WORK/partials"); sargs+=(--resume); fi
  java -cp "$CP" "$MAIN" receive --dir "$IN" --count 1 "${targs[@]}" > "$WORK/recv.out" 2> "$WORK/recv.err" &
  RPID=$!
  for _ in $(seq 1 300); do grep -q '^PORT ' "$WORK/recv.out" && break; sleep 0.05; done
  port=$(awk '/^PORT /{print $2}' "$WORK/recv.out")
  [ -n "$port" ] || { echo "the Courier receiver did not start:" >&2; cat "$WORK/recv.err" >&2; exit 1; }
  t0=$(now)
  java -cp "$CP" "$MAIN" send --port "$port" "${sargs[@]}" "$SRC" > "$WORK/send.out" 2> "$WORK/send.err" \
    || { echo "Courier send failed:" >&2; cat "$WORK/send.err" >&2; exit 1; }
  wait "$RPID"; RPID=""
  t1=$(now)
  awk '/^RECEIVED /{print $4}' "$WORK/recv.out" > "$WORK/h.recv"
  sed -n 's/^RESULT .*sha256=//p' "$WORK/send.out" > "$WORK/h.send"
  check "courier $1" "$WORK/h.send" "$WORK/h.recv"
  SECS=$(elapsed "$t0" "$t1")
  PH=$(awk '/^RESULT / {for (i = 2; i <= NF; i++) {split($i, kv, "="); v[kv[1]] = kv[2]}
             print v["seconds"], v["connect_seconds"], v["hash_seconds"], v["transfer_seconds"], v["finish_seconds"]}' \
       "$WORK/send.out")
}

cpu_children() { # user+sys of this shell's waited-for children; `times` must run in this shell, not a subshell
  times > "$WORK/times"
  tail -n 1 "$WORK/times" | awk '{n = 0; for (i = 1; i <= 2; i++) {split($i, p, /[ms]/); n += p[1] * 60 + p[2]}; printf "%.3f", n}'
}
cpu_run() { # run_* mode: also sets CPU to the user+sys seconds of everything the run started (both ends)
  local before after
  cpu_children > "$WORK/cpu0"
  "$@"
  cpu_children > "$WORK/cpu1"
  before=$(cat "$WORK/cpu0") after=$(cat "$WORK/cpu1")
  CPU=$(elapsed "$before" "$after")
}
median() { sort -g | awk '{a[NR]=$1} END {if (NR == 0) print "nan"; else print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
declare -A T   # "method transport" -> newline-separated seconds
add() { T["$1"]+="$2"$'\n'; }
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
modes=()
for m in $MODES; do
  case $m in plain|tls|mtls) modes+=("$m") ;; *) echo "unknown mode $m (plain, tls, mtls)" >&2; exit 2 ;; esac
done
for rep in $(seq 1 "$REPS"); do
  for mode in "${modes[@]}"; do
    quiesce; cpu_run run_stream "$mode"; add "stream $mode" "$SECS"; add "cpu stream $mode" "$CPU"; st=$SECS
    quiesce; cpu_run run_seq "$mode"; add "seq $mode" "$SECS"; add "cpu seq $mode" "$CPU"; sq=$SECS
    quiesce; cpu_run run_courier "$mode"; add "courier $mode" "$SECS"; add "cpu courier $mode" "$CPU"
    read -r inproc conn hash xfer fin <<<"$PH"
    for k in inproc conn hash xfer fin; do add "$k $mode" "${!k}"; done
    printf 'rep %d %-5s stream %.2f s, seq %.2f s, Courier %.2f s, %.2f CPU-s (in JVM %.2f: connect %.2f, hash %.2f, transfer %.2f, sync %.2f), load %s\n' \
      "$rep" "$mode" "$st" "$sq" "$SECS" "$CPU" "$inproc" "$conn" "$hash" "$xfer" "$fin" "$(cut -d' ' -f1 /proc/loadavg)" >&2
  done
done
LOAD_AFTER=$(cut -d' ' -f1-3 /proc/loadavg)

med() { printf '%s' "${T["$1"]}" | median; }
{
echo "# Courier transfer vs standard tools, $(numfmt --to=iec "$BYTES")B over loopback"
echo
echo "Machine: $(nproc) CPUs ($(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo)), $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo); $(java -version 2>&1 | head -1); $(uname -sr)."
echo "Load average (1, 5, 15 min) before: $LOAD_BEFORE, after: $LOAD_AFTER. Median of $REPS runs, methods interleaved."
echo "Standard receivers $([ -n "$STD_SYNC" ] && echo "fsync the file (--std-sync)" || echo "do not fsync the file; Courier does")."
echo "Courier sends $([ -n "$RESUME" ] && echo "as courier send does: RESUME first, the body kept as a resumable partial (synced every 64 MiB)" || echo "with the spec's frames only (--no-resume)")."
echo "MB/s = 10^6 bytes per second of wall time. CPU s = user + system time of every process of the method, both ends."
echo
echo "| transport | method | median s | MB/s | Courier ÷ this | CPU s (both ends) |"
echo "|---|---|---|---|---|---|"
for mode in "${modes[@]}"; do
  case $mode in tls) tool="socat OPENSSL" ;; mtls) tool="socat OPENSSL, client certificate" ;; *) tool="nc" ;; esac
  c=$(med "courier $mode")
  for m in stream seq courier; do
    case $m in
      stream) label="standard: $tool + sha256sum both ends, concurrent" ;;
      seq) label="standard: sha256sum, $tool, then sha256sum" ;;
      courier) label="Courier (sender JVM wall time)" ;;
    esac
    v=$(med "$m $mode")
    awk -v t="$mode" -v l="$label" -v v="$v" -v c="$c" -v b="$BYTES" -v u="$(med "cpu $m $mode")" \
      'BEGIN {printf "| %s | %s | %.2f | %.0f | %.2f | %.2f |\n", t, l, v, b/1e6/v, c/v, u}'
  done
done
echo
for mode in "${modes[@]}"; do
  awk -v t="$mode" -v s="$(med "stream $mode")" -v q="$(med "seq $mode")" -v c="$(med "courier $mode")" \
      -v i="$(med "inproc $mode")" -v k="$(med "conn $mode")" -v h="$(med "hash $mode")" -v x="$(med "xfer $mode")" \
      -v f="$(med "fin $mode")" 'BEGIN {
    best = s < q ? s : q; r = c / best
    printf "- %s: Courier ÷ best standard pipeline = %.2f (target ≤ 1.10: %s). Sender JVM clock (medians): %.2f s = connect %.2f + hash %.2f + transfer %.2f + verify/fsync/rename %.2f; the rest of the wall time is JVM start-up.\n",
      t, r, (r <= 1.1 ? "met" : "MISSED"), i, k, h, x, f }'
done
} | tee ${OUT:+"$OUT"}
