#!/usr/bin/env bash
# Many tenants (issue 20), not a test: the same total catalog (100,000 products, 2 variants each) held
# by 100 tenants x 1,000 products and by 10,000 tenants x 10 products, measured in one run.
#
# Two databases, one per shape, each with one instance of the jar on it (both started before any
# measurement, so they share the machine's drift): each database holds exactly its shape's catalog, so its
# tables, indexes, statistics and plans are those a deployment of that shape has (one database holding both
# would be twice the catalog, and the 100-tenant figure would no longer be the 100-tenant benchmark's).
#
# For each shape, alternated round by round (small, many; then many, small; ...), with wrk spreading the
# requests uniformly over ALL the shape's hosts (b<n>.bench.localhost), so host resolution and every
# per-tenant cache are exercised: /ping (the ceiling), /storefront/v1/store (host resolution, tenant
# binding and one uncached primary-key read: the host-resolution figure), product list and product detail
# (bench/storefront.lua; lists of LIST_SIZE products, one of the pages that hold products, one of 3 sorts;
# detail of a uniformly random product). The storefront caches answers (30 s): each phase prints the
# database transactions per request (the runtime and platform pools' connection checkouts over the
# requests), i.e. how many requests missed a cache. The RLS overhead of the uncached list query
# (bench/rls-overhead.sh) on both databases; the ratios 10,000-tenant / 100-tenant; and the heap (live
# bytes after a full GC, jcmd GC.class_histogram) of each instance at start, after every host was asked
# for once, and after the load, with the bytes per tenant and the classes that grew most.
#
#   bench/many-tenants.sh
#   MANY_TENANTS=1000 MANY_PRODUCTS=10 SMALL_TENANTS=10 SMALL_PRODUCTS=1000 DURATION=5s WARMUP=5s ROUNDS=1 bench/many-tenants.sh
set -euo pipefail
cd "$(dirname "$0")/.."

SMALL_TENANTS=${SMALL_TENANTS:-100}
SMALL_PRODUCTS=${SMALL_PRODUCTS:-1000}
MANY_TENANTS=${MANY_TENANTS:-10000}
MANY_PRODUCTS=${MANY_PRODUCTS:-10}
DURATION=${DURATION:-20s}
WARMUP=${WARMUP:-40s}
ROUNDS=${ROUNDS:-2}
CONNECTIONS=${CONNECTIONS:-64}
THREADS=${THREADS:-2}
LIST_SIZE=${LIST_SIZE:-10}
MODES=${MODES:-ping store list detail}
PORT=${PORT:-8686}
PORT2=${PORT2:-8687}
# The answer cache's budget, the same for both instances: the 10,000 stores' first list pages alone
# (3 sorts each, 2.3 KB of JSON + the cache's per-entry overhead: about 85 MB); the default 128 MB,
# shared with product pages, cannot hold them ("Sizing an instance" in the README).
CACHE_MAX_BYTES=${CACHE_MAX_BYTES:-256MB}
CACHE_SIZE=${CACHE_SIZE:-100000}
DB_SMALL=${BENCH_DB:-sokoni_bench_many}
DB_MANY=${BENCH_DB2:-sokoni_bench_many2}
OPERATOR_TOKEN=bench-operator-token-0123456789
PSQL="psql -X -q -h 127.0.0.1 -U postgres"

command -v wrk >/dev/null || { echo "wrk is needed: apt-get install wrk" >&2; exit 1; }
command -v pgbench >/dev/null || { echo "pgbench is needed (postgresql-contrib)" >&2; exit 1; }
source bench/lib.sh
find_java
JCMD=$(dirname "$JAVA")/jcmd
WORK=$(mktemp -d /tmp/sokoni-many-tenants.XXXXXX)

if [ -z "${JAR:-}" ]; then
  echo "== build"
  ./mvnw -q -o -B -DskipTests package -pl platform-api -am
  JAR=$(ls platform-api/target/sokoni-platform-api-*.jar | grep -v original | head -1)
fi

PIDS=()
trap 'for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done' EXIT

# Starts an instance on its own database (fresh unless KEEP_DB=true) and seeds it; sets PID_<shape>.
start_shape() { # shape db port tenants products
  DB=$2
  if [ "${KEEP_DB:-false}" != true ]; then
    echo "== fresh database $DB"
    $PSQL -d postgres -c "drop database if exists $DB with (force)"
  fi
  launch_app "$3" true --sokoni.catalog.storefront-cache-max-bytes="$CACHE_MAX_BYTES" \
    --sokoni.catalog.storefront-cache-size="$CACHE_SIZE"
  PIDS+=("$LAUNCHED_PID")
  printf -v "PID_$1" '%s' "$LAUNCHED_PID"
  if [ "${KEEP_DB:-false}" != true ]; then
    seed_catalog "$4" "$5"
  fi
}
start_shape small "$DB_SMALL" "$PORT" "$SMALL_TENANTS" "$SMALL_PRODUCTS"
start_shape many "$DB_MANY" "$PORT2" "$MANY_TENANTS" "$MANY_PRODUCTS"

port_of() { [ "$1" = small ] && echo "$PORT" || echo "$PORT2"; }
db_of() { [ "$1" = small ] && echo "$DB_SMALL" || echo "$DB_MANY"; }
pid_of() { [ "$1" = small ] && echo "$PID_small" || echo "$PID_many"; }
tenants_of() { [ "$1" = small ] && echo "$SMALL_TENANTS" || echo "$MANY_TENANTS"; }
products_of() { [ "$1" = small ] && echo "$SMALL_PRODUCTS" || echo "$MANY_PRODUCTS"; }

# Connections the instance's pools handed out so far (runtime and platform): one per transaction.
checkouts() { # port
  curl -fs -H "Authorization: Bearer $OPERATOR_TOKEN" "http://127.0.0.1:$1/actuator/prometheus" \
    | awk '/^hikaricp_connections_acquire_seconds_count/ {n += $NF} END {printf "%.0f", n}'
}

# Live heap after a full GC (the class histogram forces one); the histogram is kept for the diff.
live_heap() { # shape label
  "$JCMD" "$(pid_of "$1")" GC.class_histogram > "$WORK/$1-$2.histo"
  awk '/^Total/ {print $3}' "$WORK/$1-$2.histo"
}

# Asks hosts $2..$3 of the shape once each for its store (curl, 8 at a time); prints how many answered 200.
touch_hosts() { # shape from to
  local port
  port=$(port_of "$1")
  seq "$2" "$3" | awk -v port="$port" '{printf "url = \"http://b%d.bench.localhost:%s/storefront/v1/store\"\noutput = /dev/null\n", $1, port}' > "$WORK/urls"
  curl -s --parallel --parallel-max 8 -K "$WORK/urls" -w '%{http_code}\n' 2>/dev/null | grep -c '^200$' || true
}

phase() { # shape mode duration -> RESULT line
  local shape=$1 port before after line
  port=$(port_of "$shape")
  before=$(checkouts "$port")
  line=$(MODE=$2 TENANTS=$(tenants_of "$shape") PRODUCTS=$(products_of "$shape") LIST_SIZE=$LIST_SIZE \
    wrk -t"$THREADS" -c"$CONNECTIONS" -d"$3" -s bench/storefront.lua "http://127.0.0.1:$port" | grep '^RESULT')
  after=$(checkouts "$port")
  echo "$line" | awk -v shape="$shape" -v t="$(tenants_of "$shape")" -v d=$((after - before)) -v round="${ROUND:-0}" '{
    split($3, r, "="); printf "RESULT %s tenants=%s round=%s %s %s %s %s %s %s %s db_tx_per_request=%.2f\n",
      $2, t, round, $3, $4, $5, $6, $7, $8, "", (r[2] > 0 ? d / r[2] : 0) }' | tr -s ' '
}

# The first hosts' requests load classes and fill the JIT's and the pools' structures once: they are part
# of the start, and the bytes per tenant are counted over the other hosts.
FIRST=${FIRST_HOSTS:-10}
echo "== heap at start (live bytes after a full GC; /ping and the first $FIRST hosts asked once)"
for shape in small many; do
  wrk -t2 -c8 -d5s "http://127.0.0.1:$(port_of $shape)/ping" >/dev/null
  touch_hosts $shape 1 "$FIRST" >/dev/null
  printf -v "HEAP0_$shape" '%s' "$(live_heap $shape start)"
done

echo "== every other host asked once for its store (cold host resolution), then the heap"
for shape in small many; do
  start_ms=$(date +%s%3N)
  ok=$(touch_hosts $shape $((FIRST + 1)) "$(tenants_of $shape)")
  took=$(( $(date +%s%3N) - start_ms ))
  heap=$(live_heap $shape touched)
  base_var=HEAP0_$shape
  others=$(( $(tenants_of $shape) - FIRST ))
  echo "RESULT touch tenants=$(tenants_of $shape) hosts=$others answered_200=$ok cold_ms=$took live_heap_start=${!base_var} live_heap_touched=$heap bytes_per_tenant=$(( (heap - ${!base_var}) / (others > 0 ? others : 1) ))"
done

echo "== load: $CONNECTIONS connections, $DURATION per figure (after a $WARMUP warm-up in round 1), wrk on the same cores; lists of $LIST_SIZE"
RESULTS=$WORK/results
for mode in $MODES; do
  for round in $(seq 1 "$ROUNDS"); do
    if [ $((round % 2)) -eq 1 ]; then order="small many"; else order="many small"; fi
    for shape in $order; do
      if [ "$round" -eq 1 ]; then
        MODE=$mode TENANTS=$(tenants_of $shape) PRODUCTS=$(products_of $shape) LIST_SIZE=$LIST_SIZE \
          wrk -t2 -c"$CONNECTIONS" -d"$WARMUP" -s bench/storefront.lua "http://127.0.0.1:$(port_of $shape)" >/dev/null
      fi
      DB=$(db_of $shape) settle "$(pid_of $shape)"
      ROUND=$round phase $shape "$mode" "$DURATION" | tee -a "$RESULTS"
    done
  done
done

echo "== heap after the load"
for shape in small many; do
  heap=$(live_heap $shape loaded)
  base_var=HEAP0_$shape
  rss_kb=$(awk '/VmRSS/ {print $2}' /proc/"$(pid_of $shape)"/status)
  echo "RESULT heap tenants=$(tenants_of $shape) live_heap_loaded=$heap grown_since_start=$((heap - ${!base_var})) per_tenant=$(( (heap - ${!base_var}) / $(tenants_of $shape) )) rss_mib=$((rss_kb / 1024))"
done
echo "== classes that grew most, $MANY_TENANTS tenants: start -> every host touched (bytes, instances)"
histo_diff() { # from to
  awk 'FNR == NR && $1 ~ /^[0-9]+:$/ {b[$4] = $3; n[$4] = $2; next}
       $1 ~ /^[0-9]+:$/ {d = $3 - b[$4]; if (d > 0) printf "%12d %9d %s\n", d, $2 - n[$4], $4}' "$1" "$2" | sort -rn | head -"${3:-10}"
}
histo_diff "$WORK/many-start.histo" "$WORK/many-touched.histo" 10
echo "== classes that grew most, $MANY_TENANTS tenants: start -> after the load"
histo_diff "$WORK/many-start.histo" "$WORK/many-loaded.histo" 10

echo "== RLS overhead of the uncached list query (bench/rls-overhead.sh), each database"
for shape in small many; do
  pages=$(( ($(products_of $shape) + 19) / 20 )); [ "$pages" -gt 5 ] && pages=5
  out=$(RLS_PAGES=$pages bash bench/rls-overhead.sh "$(db_of $shape)" "$(tenants_of $shape)")
  echo "$out"
  echo "$out" | awk -v t="$(tenants_of $shape)" '/^list query/ {rls = $6; byp = $12} /^overhead \(median/ {o = $(NF - 1) "%"}
    END {printf "RESULT rls tenants=%s rls_tps=%s bypass_tps=%s overhead=%s\n", t, rls, byp, o}' | tee -a "$RESULTS"
done

echo "== $MANY_TENANTS tenants / $SMALL_TENANTS tenants (medians of the rounds; rps ratio > 1 = faster with many)"
awk -v small="$SMALL_TENANTS" -v many="$MANY_TENANTS" '
  function val(f,   a) { split(f, a, "="); return a[2] }
  $2 == "rls" { o[val($3)] = val($6); next }
  { t = val($3); m = $2; k = m SUBSEP t; c[k]++; rps[k, c[k]] = val($6); p50[k, c[k]] = val($7); p99[k, c[k]] = val($8)
    tx[k, c[k]] = val($11); if (!(m in seen)) { seen[m] = 1; order[++nm] = m } }
  function med(arr, k,   i, j, n, v, tmp) { n = c[k]; for (i = 1; i <= n; i++) v[i] = arr[k, i]
    for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (v[j] < v[i]) { tmp = v[i]; v[i] = v[j]; v[j] = tmp }
    return n % 2 ? v[(n + 1) / 2] : (v[n / 2] + v[n / 2 + 1]) / 2 }
  function spread(arr, k,   i, lo, hi) { lo = hi = arr[k, 1]; for (i = 2; i <= c[k]; i++) { if (arr[k, i] < lo) lo = arr[k, i]; if (arr[k, i] > hi) hi = arr[k, i] }
    return lo > 0 ? 100 * (hi - lo) / lo : 0 }
  END {
    for (i = 1; i <= nm; i++) { m = order[i]; a = m SUBSEP small; b = m SUBSEP many
      printf "RESULT ratio %-7s rps %6.0f -> %6.0f (x%.2f)  p50 %7.2f -> %7.2f ms (x%.2f)  p99 %7.2f -> %7.2f ms (x%.2f)  db_tx/req %.2f -> %.2f  rps spread between rounds: %.0f%% / %.0f%%\n",
        m, med(rps, a), med(rps, b), med(rps, b) / med(rps, a), med(p50, a), med(p50, b), med(p50, b) / med(p50, a),
        med(p99, a), med(p99, b), med(p99, b) / med(p99, a), med(tx, a), med(tx, b), spread(rps, a), spread(rps, b) }
    if ((small in o) && (many in o)) printf "RESULT ratio rls     overhead %s -> %s\n", o[small], o[many]
  }' "$RESULTS"
rm -rf "$WORK"
