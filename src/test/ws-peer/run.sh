#!/usr/bin/env bash
# Interop of our WebSocket binding (io.github.moqmux.net.ws) with a real peer: @moq/qmux 0.3.3 on
# Node 20, both ways (a Node client against our server, our client against a Node server), in the
# qmux-00 and legacy webtransport framings. Installs what it needs (npm ci), builds the test
# classes with Maven, prints one PASS/FAIL line per check and "N passed, M failed"; exits 1 on any
# failure. Extra Maven flags (e.g. -o) may be given in MVN_FLAGS.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../../.." && pwd)"
work="$(mktemp -d)"
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

log() { printf '[ws-peer] %s\n' "$*" >&2; }
ROOT="$root"
# shellcheck source=../lib/setup.sh
. "$here/../lib/setup.sh"
# Node.js 20+ and npm from Debian when absent; the npm packages exactly as locked.
install_missing
npm_ci_locked "$here"
(cd "$root" && mvn -B -ntp -q ${MVN_FLAGS:-} test-compile dependency:build-classpath \
  -Dmdep.includeScope=test -Dmdep.outputFile="$work/cp.txt" >&2)
cp="$root/target/test-classes:$root/target/classes:$(cat "$work/cp.txt")"
java_peer=(java -cp "$cp" -Dorg.slf4j.simpleLogger.defaultLogLevel=warn io.github.moqmux.net.ws.WsInteropPeer)

wait_port() { # file → prints the port once the peer printed "PORT n"
  for _ in $(seq 1 600); do
    if grep -q '^PORT ' "$1" 2>/dev/null; then sed -n 's/^PORT //p' "$1" | head -1; return 0; fi
    sleep 0.1
  done
  echo "peer did not start: $(cat "$1")" >&2; return 1
}

results="$work/results.txt"
: > "$results"

# 1. Node @moq/qmux clients against our server.
mkfifo "$work/java-in"
"${java_peer[@]}" server < "$work/java-in" > "$work/java-server.txt" 2>&1 &
pids+=($!)
exec 3> "$work/java-in"
port="$(wait_port "$work/java-server.txt")"
run_peer() { # name command... → its PASS/FAIL lines; a peer that dies or exits non-zero fails
  local name="$1"; shift
  if ! "$@" | tee -a "$results"; then
    echo "FAIL $name exited with an error status" | tee -a "$results"
  fi
}
run_peer "node client" bash -c "cd '$here' && node peer.mjs client ws://127.0.0.1:$port/interop"
exec 3>&-

# 2. Our client against a Node @moq/qmux server.
mkfifo "$work/node-in"
(cd "$here" && node peer.mjs server < "$work/node-in" > "$work/node-server.txt" 2>&1) &
pids+=($!)
exec 4> "$work/node-in"
port="$(wait_port "$work/node-server.txt")"
run_peer "java client (qmux)" "${java_peer[@]}" client "ws://127.0.0.1:$port/interop" qmux
run_peer "java client (legacy)" "${java_peer[@]}" client "ws://127.0.0.1:$port/interop" legacy
exec 4>&-

# Protocol errors a peer only logs (e.g. @moq/qmux's "Protocol violation") are failures too.
for log in "$work/java-server.txt" "$work/node-server.txt"; do
  if grep -iE 'violation|exception|error' "$log" >&2; then
    echo "FAIL peer log $(basename "$log") reports errors" | tee -a "$results"
  fi
done

passed=$(grep -c '^PASS ' "$results" || true)
failed=$(grep -c '^FAIL ' "$results" || true)
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
