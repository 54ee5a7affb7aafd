#!/usr/bin/env bash
# Builds the server and the benchmark in Release; for the gRPC phases starts the server on a
# fresh, empty database in a temporary directory beside the repo (same disk), waits for it to be
# healthy, runs the benchmark against 127.0.0.1 only and stops the server; then for the web phase
# does the same on a fresh database with the demo data. Prints one JSON on stdout.
#
#   bash bench/run.sh                 # JSON on stdout, progress on stderr
#   BENCH_OUT=result.json bash bench/run.sh   # also keep a copy of the JSON
#   BENCH_PHASES=web bash bench/run.sh        # only the web phase (or only grpc)
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo"

web_port="${BENCH_WEB_PORT:-5180}"
grpc_port="${BENCH_GRPC_PORT:-5181}"
bench_timeout="${BENCH_TIMEOUT_SECONDS:-300}"
# Which phases: "grpc" (ceilings, bookings, race, paced; empty database), "web" (the search page
# on the demo data) or both, in that order, each against its own freshly started server.
phases="${BENCH_PHASES:-grpc web}"

log() { echo "[run.sh $(date +%H:%M:%S)] $*" >&2; }

log "building server and bench (Release)"
dotnet build src/CommunityShare.Server/CommunityShare.Server.csproj -c Release --nologo -v quiet >&2
dotnet build bench/CommunityShare.Bench/CommunityShare.Bench.csproj -c Release --nologo -v quiet >&2

for port in "$web_port" "$grpc_port"; do
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    log "port $port on 127.0.0.1 is already in use; stop whatever listens there first"
    exit 1
  fi
done

# Same disk as the repo: the commit ceiling and the server's databases must share it.
run_dir="$(mktemp -d "$repo/bench/.run.XXXXXX")"
server_pid=""

stop_server() {
  if [[ -n "$server_pid" ]] && kill -0 "$server_pid" 2>/dev/null; then
    log "stopping server (pid $server_pid)"
    kill -TERM "$server_pid" 2>/dev/null || true
    for _ in $(seq 1 150); do
      kill -0 "$server_pid" 2>/dev/null || break
      sleep 0.1
    done
    if kill -0 "$server_pid" 2>/dev/null; then
      log "server did not stop within 15 s; killing it"
      kill -KILL "$server_pid" 2>/dev/null || true
    fi
    wait "$server_pid" 2>/dev/null || true
  fi
  server_pid=""
}

cleanup() {
  stop_server
  if [[ -n "${BENCH_KEEP_RUN_DIR:-}" ]]; then
    log "kept $run_dir"
  else
    rm -rf "$run_dir"
  fi
}
trap cleanup EXIT

# The content root is the working directory: start in the output folder so that its
# appsettings.json (HTTP/2-only gRPC endpoint, log levels) applies.
server_bin="$repo/src/CommunityShare.Server/bin/Release/net10.0"
# A fresh signing key for this run, shared with the bench so that it can sign its callers in.
signing_key="$(head -c 32 /dev/urandom | base64 -w0)"
export BENCH_SIGNING_KEY="$signing_key"

# start_server NAME [VAR=value ...]: a server on $run_dir/NAME.db with these extra settings;
# returns once /healthz answers.
start_server() {
  local name="$1"
  shift
  # Each bench worker books as one resident, far above the per-caller booking limit: lift it.
  env "$@" \
    Auth__SigningKey="$signing_key" \
    Database__Path="$run_dir/$name.db" \
    RateLimits__Bookings__PermitLimit=100000000 \
    ASPNETCORE_ENVIRONMENT=Production \
    Kestrel__Endpoints__Web__Url="http://127.0.0.1:$web_port" \
    Kestrel__Endpoints__Grpc__Url="http://127.0.0.1:$grpc_port" \
    bash -c 'cd "$1" && exec dotnet CommunityShare.Server.dll' _ "$server_bin" >"$run_dir/$name-server.log" 2>&1 &
  server_pid=$!
  server_log="$run_dir/$name-server.log"

  log "waiting for http://127.0.0.1:$web_port/healthz"
  local healthy=""
  for _ in $(seq 1 120); do
    if ! kill -0 "$server_pid" 2>/dev/null; then
      log "server exited during start-up; its log:"
      cat "$server_log" >&2
      exit 1
    fi
    if curl -fsS --max-time 2 "http://127.0.0.1:$web_port/healthz" >/dev/null 2>&1; then
      healthy=yes
      break
    fi
    sleep 0.5
  done
  if [[ -z "$healthy" ]]; then
    log "server not healthy after 60 s; its log:"
    cat "$server_log" >&2
    exit 1
  fi
}

commit="$(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
if [[ "$commit" != unknown && -n "$(git status --porcelain 2>/dev/null)" ]]; then
  commit="$commit-dirty"
fi

bench() {
  local status=0
  timeout "$bench_timeout" dotnet bench/CommunityShare.Bench/bin/Release/net10.0/CommunityShare.Bench.dll \
    --data-dir "$run_dir" --commit "$commit" "$@" || status=$?
  if [[ $status -ne 0 ]]; then
    log "bench failed with exit code $status; server log tail:"
    tail -n 50 "$server_log" >&2
    exit "$status"
  fi
}

merge=()
if [[ " $phases " == *" grpc "* ]]; then
  # The gRPC phases make their own catalogue: an empty database, no demo data.
  log "gRPC phases: starting server on a fresh, empty database in $run_dir"
  start_server grpc Seed__DemoData=false
  log "running bench against 127.0.0.1:$grpc_port (commit $commit)"
  bench --phases grpc --grpc "http://127.0.0.1:$grpc_port" >"$run_dir/grpc.json"
  stop_server
  merge=(--merge-into "$run_dir/grpc.json")
  cp "$run_dir/grpc.json" "$run_dir/result.json"
fi
if [[ " $phases " == *" web "* ]]; then
  # The web phase searches the full demo district. Its static files come from the project's
  # wwwroot, as a published server's would (the build output has none).
  log "web phase: starting server on a fresh database with the demo data in $run_dir"
  start_server web Seed__DemoData=true ASPNETCORE_WEBROOT="$repo/src/CommunityShare.Server/wwwroot"
  log "running web phase against http://127.0.0.1:$web_port (commit $commit)"
  bench --phases web --web "http://127.0.0.1:$web_port" --server-pid "$server_pid" "${merge[@]}" >"$run_dir/result.json"
  stop_server
fi
cat "$run_dir/result.json"
if [[ -n "${BENCH_OUT:-}" ]]; then
  cp "$run_dir/result.json" "$BENCH_OUT"
fi
