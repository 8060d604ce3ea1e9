#!/usr/bin/env bash
# The peer benchmark (issue 23): our plot tiles and items beside Martin's and tipg's on the same
# PostGIS tables, with the bare tile SQL (pgbench) as the floor and nginx serving our tile bytes as
# the ceiling. Prints one Markdown table and writes it to bench/results/<date>-<N>plots.md (or
# to PEERS_OUT).
#
# Run through `./dev bench-peers URL DATABASE_URL [PID]`, which installs the tools and sets the
# PEERS_* variables below; the server at URL must be running on DATABASE_URL's data (the sample
# plus synthetic plots). Nothing here builds anything.
#
# Settings (environment):
#   MARKKARTAN_BENCH_SECONDS      timed seconds per case, connection count and round (3)
#   MARKKARTAN_BENCH_WARMUP       seconds of warm-up before each (1)
#   MARKKARTAN_BENCH_ROUNDS       rounds (3): every case runs once in each round, so that ours and
#                                 each peer alternate; the table gives the median of the rounds
#   MARKKARTAN_BENCH_CONNECTIONS  connection counts (“1 10”)
#   MARKKARTAN_BENCH_ZOOMS        zoom levels of the tile list (“13 14 15 16 17”)
#   MARKKARTAN_BENCH_PEERS_PORT   first of the loopback ports the peers listen on (3981): tipg,
#                                 Martin without cache, Martin with cache, nginx
#   MARKKARTAN_BENCH_KEEP=1       keep the working folder (configs, raw wrk/pgbench output, tiles)
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"

: "${PEERS_URL:?}" "${PEERS_MARKKARTAN:?}" "${PEERS_DB:?}" "${PEERS_PSQL:?}" "${PEERS_PGBENCH:?}" "${PEERS_TIPG_PYTHON:?}"
: "${PEERS_WRK:=wrk}" "${PEERS_NGINX:=/usr/sbin/nginx}" "${PEERS_MARTIN_BIN:=}" "${PEERS_PID:=}"
: "${PEERS_MARTIN_NOTE:=not installed}"
PEERS_URL="${PEERS_URL%/}"
export PEERS_SECONDS="${MARKKARTAN_BENCH_SECONDS:-3}"
export PEERS_ROUNDS="${MARKKARTAN_BENCH_ROUNDS:-3}"
export PEERS_WARMUP="${MARKKARTAN_BENCH_WARMUP:-1}"
export PEERS_CONNECTIONS="${MARKKARTAN_BENCH_CONNECTIONS:-1 10}"
export PEERS_ZOOMS="${MARKKARTAN_BENCH_ZOOMS:-13 14 15 16 17}"
port="${MARKKARTAN_BENCH_PEERS_PORT:-3981}"
export PEERS_TIPG_PORT=$port PEERS_MARTIN_NOCACHE_PORT=$((port + 1))
export PEERS_MARTIN_CACHE_PORT=$((port + 2)) PEERS_NGINX_PORT=$((port + 3))
export PEERS_URL PEERS_MARKKARTAN PEERS_DB PEERS_PSQL PEERS_MARTIN_BIN

PY=/usr/bin/python3
PEERS="$HERE/peers.py"
LUA="$HERE/wrk.lua"
TIPG="http://127.0.0.1:$PEERS_TIPG_PORT"
MARTIN_OFF="http://127.0.0.1:$PEERS_MARTIN_NOCACHE_PORT"
MARTIN_ON="http://127.0.0.1:$PEERS_MARTIN_CACHE_PORT"
NGINX="http://127.0.0.1:$PEERS_NGINX_PORT"
# What Chromium sends in Accept-Encoding.
BROWSER_CODINGS="gzip, deflate, br, zstd"

say() { printf '\033[1m== [peers %4ss] %s\033[0m\n' "$SECONDS" "$*" >&2; }
die() { printf 'bench-peers: %s\n' "$*" >&2; exit 1; }

# --- processes: each one started here is remembered by pid and ended by pid on exit ------------

PIDS=()
WORK=""
PREPARED=""
finish() {
  local pid
  for pid in "${PIDS[@]}"; do
    kill -TERM "$pid" 2>/dev/null || true
  done
  for pid in "${PIDS[@]}"; do
    wait "$pid" 2>/dev/null || true
  done
  # What prepare added to the database: the schema bench_peers and two indexes.
  [ -n "$PREPARED" ] && { "$PY" "$PEERS" cleanup || true; }
  if [ -n "$WORK" ] && [ -d "$WORK" ]; then
    if [ "${MARKKARTAN_BENCH_KEEP:-}" = 1 ]; then
      say "kept $WORK"
    else
      rm -rf "$WORK"
    fi
  fi
}
trap finish EXIT

# start NAME COMMAND...: in the background from NAME's own folder (tipg reads a .env from where it
# starts), output to NAME.log.
start() {
  local name="$1"
  shift
  mkdir -p "$WORK/$name"
  (cd "$WORK/$name" && exec "$@") >"$WORK/$name.log" 2>&1 &
  PIDS+=("$!")
  eval "PID_${name//-/_}=$!"
}

# ready NAME URL: waits up to 60 s for URL to answer 200, or fails with the log.
ready() {
  local name="$1" url="$2" pid
  pid="$(eval echo "\$PID_${name//-/_}")"
  for _ in $(seq 1 300); do
    [ "$(curl -s -o /dev/null -w '%{http_code}' "$url" 2>/dev/null)" = 200 ] && return 0
    kill -0 "$pid" 2>/dev/null || { tail -n 30 "$WORK/$name.log" >&2; die "$name exited"; }
    sleep 0.2
  done
  tail -n 30 "$WORK/$name.log" >&2
  die "$name did not answer $url within 60 s"
}

port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# --- the load ----------------------------------------------------------------------------------

requests_of() { sed -n 's/^WRK_JSON {"requests":\([0-9]*\).*/\1/p' "$1"; }

# wrk_case CASE BASE_URL PATHS: a warm-up, then the timed run, at each connection count, as
# round $ROUND; each run goes on in the list where the one before stopped (plus the requests
# still in flight). With ACCEPT_ENCODING set, each request says it takes those codings, as a
# browser's does.
wrk_case() {
  local case="$1" base="$2" paths="$WORK/$3.paths" c offset=0 out header=()
  [ -n "${ACCEPT_ENCODING:-}" ] && header=(-H "Accept-Encoding: $ACCEPT_ENCODING")
  for c in $PEERS_CONNECTIONS; do
    out="$WORK/wrk-$case-c$c-r$ROUND.txt"
    "$PEERS_WRK" -t1 -c"$c" -d"${PEERS_WARMUP}s" --timeout 30s -s "$LUA" \
      "${header[@]}" "$base" -- "$paths" "$offset" >"$out.warmup"
    offset=$((offset + $(requests_of "$out.warmup") + c))
    "$PEERS_WRK" -t1 -c"$c" -d"${PEERS_SECONDS}s" --timeout 30s -s "$LUA" \
      "${header[@]}" "$base" -- "$paths" "$offset" >"$out"
    offset=$((offset + $(requests_of "$out") + c))
    "$PY" "$PEERS" wrk-result "$out" "$case" "$c" "$WORK/run-$case-c$c-r$ROUND.json"
  done
}

# pgbench_case CASE SCRIPT: the bare SQL, prepared as the server sends it, one thread like wrk.
pgbench_case() {
  local case="$1" script="$WORK/$2.sql" c out
  mkdir -p "$WORK/pglog"
  for c in $PEERS_CONNECTIONS; do
    out="$WORK/pgbench-$case-c$c-r$ROUND.txt"
    "$PEERS_PGBENCH" -n -M prepared -c "$c" -j 1 -T "$PEERS_WARMUP" -f "$script" "$PEERS_DB" >"$out.warmup" 2>&1 \
      || { cat "$out.warmup" >&2; die "pgbench failed on $script"; }
    "$PEERS_PGBENCH" -n -M prepared -c "$c" -j 1 -T "$PEERS_SECONDS" -f "$script" \
      -l --log-prefix="$WORK/pglog/$case-c$c-r$ROUND" "$PEERS_DB" >"$out" 2>&1 \
      || { cat "$out" >&2; die "pgbench failed on $script"; }
    "$PY" "$PEERS" pgbench-result "$out" "$case" "$c" "$WORK/run-$case-c$c-r$ROUND.json" "$WORK/pglog/$case-c$c-r$ROUND".*
  done
}

# flusher SECONDS [RATE [LAYER]]: empties LAYER's tiles (plots) from our server's cache RATE times
# a second (10) for SECONDS, as an edit to the whole layer would (peers.py writes the message),
# then stops by itself.
# Long enough for a case's warm-up and timed run at every connection count.
FLUSH_SECONDS=$(((PEERS_WARMUP + PEERS_SECONDS) * $(wc -w <<<"$PEERS_CONNECTIONS") + 2))
flusher() {
  "$PEERS_PGBENCH" -n -M simple -c 1 -R "${2:-10}" -T "$1" -f "$WORK/flush-${3:-plots}.sql" "$PEERS_DB" >"$WORK/flusher.log" 2>&1 &
  FLUSHER=$!
  PIDS+=("$FLUSHER")
}

# fetch BASE PATHS DEST: every path once, four at a time, into DEST (the same paths below it) or
# nowhere (DEST -); every answer must be 200 or 204 (a tile with nothing in it). Leaves each
# answer's status and x-tile-cache header in $WORK/fetched.
fetch() {
  local base="$1" paths="$WORK/$2.paths" dest="$3" cfg="$WORK/fetch.cfg" p
  : >"$cfg"
  while read -r p; do
    [ -n "$p" ] || continue
    printf 'url = "%s%s"\noutput = "%s"\n' "$base" "$p" "$([ "$dest" = - ] && echo /dev/null || echo "$dest$p")" >>"$cfg"
  done <"$paths"
  curl -sS --no-progress-meter --parallel --parallel-max 4 --create-dirs -w '%{http_code} %header{x-tile-cache}\n' \
    -K "$cfg" >"$WORK/fetched"
  if grep -qvE '^20[04] ' "$WORK/fetched"; then
    die "fetching $2 from $base: answers $(cut -d' ' -f1 "$WORK/fetched" | sort | uniq -c | tr '\n' ' ')"
  fi
}

# warm_ours PATHS: asks our server for the list again until a pass finds every tile cached, at
# most four more passes. One pass may not do: the cache drops its oldest tile first, not its
# least used, so tiles of the list kept earlier can be dropped by the list's own new ones.
warm_ours() {
  local pass misses
  for pass in 1 2 3 4; do
    misses="$(grep -vc ' hit$' "$WORK/fetched" || true)"
    [ "$misses" = 0 ] && return 0
    fetch "$PEERS_URL" "$1" -
  done
  misses="$(grep -vc ' hit$' "$WORK/fetched" || true)"
  say "after five passes $misses tiles of the cached list were still made anew"
}

# peak_rss NAME PID: VmHWM in kB of the process and its children (nginx's workers).
peak_rss() {
  local pid="$2" total=0 kb child
  for child in "$pid" $(cat "/proc/$pid/task/"*/children 2>/dev/null); do
    kb="$(sed -n 's/^VmHWM:[[:space:]]*\([0-9]*\) kB/\1/p' "/proc/$child/status" 2>/dev/null || true)"
    total=$((total + ${kb:-0}))
  done
  printf '"%s": %d' "$1" "$total"
}

# --- run ---------------------------------------------------------------------------------------

curl -fsS -o /dev/null "$PEERS_URL/healthz" || die "no server answers at $PEERS_URL/healthz"
for p in "$PEERS_TIPG_PORT" "$PEERS_MARTIN_NOCACHE_PORT" "$PEERS_MARTIN_CACHE_PORT" "$PEERS_NGINX_PORT"; do
  port_free "$p" || die "port $p on 127.0.0.1 is taken (MARKKARTAN_BENCH_PEERS_PORT moves the four ports)"
done

WORK="$(mktemp -d /tmp/markkartan-peers.XXXXXX)"
# nginx's workers run as nobody: they must be able to read the tile files.
chmod 755 "$WORK"
say "preparing (views for the peers, tile lists) in $WORK"
PREPARED=1
"$PY" "$PEERS" prepare "$WORK"

# tipg: the two views of bench_peers, our buffer (64, not its 256), one uvicorn worker as its
# documentation runs it (with --workers 2 every answer here waited 40 ms, Nagle's algorithm against
# the client's delayed ACK, which would have measured that instead of tipg).
say "starting tipg on $TIPG"
start tipg env -i PATH="$PATH" HOME="$HOME" DATABASE_URL="$PEERS_DB" \
  TIPG_DB_SCHEMAS='["bench_peers"]' TIPG_DB_TABLES='["bench_peers.plots","bench_peers.detailed_plans"]' \
  TIPG_TABLE_CONFIG__bench_peers_plots__PK=id TIPG_TABLE_CONFIG__bench_peers_plots__GEOMCOL=geom \
  TIPG_TABLE_CONFIG__bench_peers_detailed_plans__PK=id TIPG_TABLE_CONFIG__bench_peers_detailed_plans__GEOMCOL=geom \
  TIPG_TILE_BUFFER=64 TIPG_TILE_RESOLUTION=4096 TIPG_MAX_FEATURES_PER_TILE=100000 \
  "$PEERS_TIPG_PYTHON" -m uvicorn tipg.main:app --host 127.0.0.1 --port "$PEERS_TIPG_PORT" \
  --log-level warning --no-access-log

skipped='{}'
if [ -n "$PEERS_MARTIN_BIN" ]; then
  say "starting Martin on $MARTIN_OFF (cache off) and $MARTIN_ON (cache on)"
  start martin-nocache env RUST_LOG=warn "$PEERS_MARTIN_BIN" --config "$WORK/martin-nocache.yaml"
  start martin-cache env RUST_LOG=warn "$PEERS_MARTIN_BIN" --config "$WORK/martin-cache.yaml"
else
  say "Martin: $PEERS_MARTIN_NOTE; its rows stay empty"
  skipped="$("$PY" -c 'import json, sys; print(json.dumps({c: sys.argv[1] for c in sys.argv[2:]}))' \
    "Martin $PEERS_MARTIN_NOTE" martin-nocache-list martin-cache-cached martin-nocache-hot \
    martin-cache-hot martin-nocache-plans martin-cache-plans)"
fi
printf '%s\n' "$skipped" >"$WORK/skipped.json"
ready tipg "$TIPG/collections"
if [ -n "$PEERS_MARTIN_BIN" ]; then
  ready martin-nocache "$MARTIN_OFF/health"
  ready martin-cache "$MARTIN_ON/health"
fi

# nginx as the ceiling: our tile bytes as plain files, no compression, no access log.
write_nginx_conf() {
  mkdir -p "$WORK/nginx/logs"
  cat >"$WORK/nginx.conf" <<EOF
daemon off;
worker_processes auto;
pid $WORK/nginx/nginx.pid;
error_log $WORK/nginx.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  sendfile on;
  tcp_nopush on;
  keepalive_requests 1000000;
  open_file_cache max=10000 inactive=60s;
  default_type application/vnd.mapbox-vector-tile;
  client_body_temp_path $WORK/nginx/body;
  proxy_temp_path $WORK/nginx/proxy;
  fastcgi_temp_path $WORK/nginx/fastcgi;
  uwsgi_temp_path $WORK/nginx/uwsgi;
  scgi_temp_path $WORK/nginx/scgi;
  server {
    listen 127.0.0.1:$PEERS_NGINX_PORT;
    root $WORK/www;
    location / { try_files \$uri =404; }
  }
}
EOF
}

# One round: every case once, ours beside each peer, in the same order each round.
one_round() {
  # Ours first, before anything else has asked it for a plot tile (in the first round): tiles
  # made anew, the cache emptied ten times a second throughout.
  say "round $ROUND of $PEERS_ROUNDS: plot tiles, list: ours, made anew"
  flusher "$FLUSH_SECONDS"
  wrk_case ours-list "$PEERS_URL" ours-list
  wait "$FLUSHER" || true
  say "plot tiles, list: the bare SQL (pgbench)"
  pgbench_case pg-list pg-list
  if [ -n "$PEERS_MARTIN_BIN" ]; then
    say "plot tiles, list: Martin, cache off"
    wrk_case martin-nocache-list "$MARTIN_OFF" martin-list
  fi
  say "plot tiles, list: tipg"
  wrk_case tipg-list "$TIPG" tipg-list

  # The cached list: fetched from our server (which keeps them) from an empty cache, so none of
  # the list's tiles is dropped for another of them; in the first round into nginx's folder.
  say "the cached list: ours"
  "$PEERS_PSQL" -X -q "$PEERS_DB" -f "$WORK/flush-plots.sql" >/dev/null
  sleep 0.5
  if [ "$ROUND" = 1 ]; then
    mkdir -p "$WORK/www"
    fetch "$PEERS_URL" ours-cached "$WORK/www"
    # curl makes its folders 0750; nginx's workers (nobody) must read them.
    chmod -R a+rX "$WORK/www"
  else
    fetch "$PEERS_URL" ours-cached -
  fi
  warm_ours ours-cached
  wrk_case ours-cached "$PEERS_URL" ours-cached
  wrk_case ours-hot "$PEERS_URL" ours-hot

  if [ "$ROUND" = 1 ]; then
    write_nginx_conf
    say "starting nginx on $NGINX"
    start nginx "$PEERS_NGINX" -e "$WORK/nginx.log" -p "$WORK/nginx" -c "$WORK/nginx.conf"
    ready nginx "$NGINX$(head -n 1 "$WORK/ours-hot.paths")"
  fi
  wrk_case nginx-cached "$NGINX" ours-cached
  wrk_case nginx-hot "$NGINX" ours-hot

  if [ -n "$PEERS_MARTIN_BIN" ]; then
    say "plot tiles: Martin with its cache, warmed with the cached list"
    if [ "$ROUND" = 1 ]; then fetch "$MARTIN_ON" martin-cached -; fi
    wrk_case martin-cache-cached "$MARTIN_ON" martin-cached
    wrk_case martin-cache-hot "$MARTIN_ON" martin-hot
    wrk_case martin-nocache-hot "$MARTIN_OFF" martin-hot
  fi
  # The hot tile as a browser asks for it: it takes brotli, so each server sends it compressed.
  say "the hot tile as a browser asks (Accept-Encoding: $BROWSER_CODINGS)"
  ACCEPT_ENCODING="$BROWSER_CODINGS" wrk_case ours-hot-br "$PEERS_URL" ours-hot
  if [ -n "$PEERS_MARTIN_BIN" ]; then
    ACCEPT_ENCODING="$BROWSER_CODINGS" wrk_case martin-cache-hot-br "$MARTIN_ON" martin-hot
  fi
  wrk_case tipg-hot "$TIPG" tipg-hot
  pgbench_case pg-hot pg-hot

  # The low-zoom detaljplaner tile made anew is what per-zoom simplification is for: the plans
  # layer's change announced a thousand times a second, so that nearly every answer is made anew.
  say "detaljplaner at zoom 10: ours made anew, ours kept, the bare SQL, Martin, tipg"
  flusher "$FLUSH_SECONDS" 1000 detailed-plans
  wrk_case ours-plans-anew "$PEERS_URL" ours-plans
  wait "$FLUSHER" || true
  wrk_case ours-plans "$PEERS_URL" ours-plans
  pgbench_case pg-plans pg-plans
  if [ -n "$PEERS_MARTIN_BIN" ]; then
    wrk_case martin-nocache-plans "$MARTIN_OFF" martin-plans
    wrk_case martin-cache-plans "$MARTIN_ON" martin-plans
  fi
  wrk_case tipg-plans "$TIPG" tipg-plans

  # Nothing kept: a change announced a thousand times a second, more often than pages are read,
  # so that nearly every page finds its features forgotten (the notes say how many did not).
  say "plot items in a bbox: ours, read anew with nothing kept, read anew, then the same box again"
  flusher "$FLUSH_SECONDS" 1000
  wrk_case ours-items-cold "$PEERS_URL" ours-items-cold
  wait "$FLUSHER" || true
  wrk_case ours-items-anew "$PEERS_URL" ours-items-anew
  wrk_case ours-items "$PEERS_URL" ours-items
  wrk_case tipg-items "$TIPG" tipg-items

  say "pages: a fact sheet and the map"
  wrk_case ours-factsheet "$PEERS_URL" ours-factsheet
  wrk_case ours-map "$PEERS_URL" ours-map
}

for ROUND in $(seq 1 "$PEERS_ROUNDS"); do
  export ROUND
  one_round
done

say "the hot tile from everyone, beside the bare SQL's bytes"
"$PY" "$PEERS" check-tile "$WORK"

# Peak memory since each process started (VmHWM).
{
  printf '{'
  sep=""
  if [ -n "$PEERS_PID" ] && [ -r "/proc/$PEERS_PID/status" ]; then printf '%s' "$(peak_rss ours "$PEERS_PID")"; sep=", "; fi
  if [ -n "$PEERS_MARTIN_BIN" ]; then
    printf '%s%s, %s' "$sep" "$(peak_rss 'Martin (cache off)' "$PID_martin_nocache")" "$(peak_rss 'Martin (cache on)' "$PID_martin_cache")"
    sep=", "
  fi
  printf '%s%s, %s' "$sep" "$(peak_rss tipg "$PID_tipg")" "$(peak_rss 'nginx' "$PID_nginx")"
  printf '}\n'
} >"$WORK/rss.json"

versions=()
[ -n "$PEERS_MARTIN_BIN" ] && versions+=("Martin $("$PEERS_MARTIN_BIN" --version 2>&1 | awk '{print $NF; exit}')")
versions+=("tipg $("$PEERS_TIPG_PYTHON" -c 'import tipg; print(tipg.__version__)')")
versions+=("nginx $("$PEERS_NGINX" -v 2>&1 | sed 's/.*nginx\///')")
# (wrk -v prints its version and then exits 1.)
versions+=("$({ "$PEERS_WRK" -v 2>&1 || true; } | awk 'NR==1 {print $1, $2}')")
versions+=("$("$PEERS_PSQL" -X -At "$PEERS_DB" -c "SELECT 'PostgreSQL ' || current_setting('server_version') || ', PostGIS ' || postgis_lib_version()")")
export PEERS_VERSIONS="$(printf '%s, ' "${versions[@]}" | sed 's/, $//')"
export PEERS_DATE="$(date +%F)"
commit="$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)"
[ -n "$(git -C "$ROOT" status --porcelain -- app server 2>/dev/null)" ] && commit="$commit with uncommitted changes in app/ or server/"
export PEERS_COMMIT="$commit"

plots="$("$PY" -c 'import json, sys; print(json.load(open(sys.argv[1]))["plots"])' "$WORK/meta.json")"
out="${PEERS_OUT:-$ROOT/bench/results/$PEERS_DATE-${plots}plots.md}"
"$PY" "$PEERS" report "$WORK" "$out"
say "written to ${out#"$ROOT"/}"
