#!/usr/bin/env bash
# Noisy-neighbour benchmark (not a test). Two tenants in their own database: tenant B's storefront list,
# add-to-cart and checkout p99 are timed unloaded, then again while tenant A floods the same instance
# with searches, cart writes and checkouts (three wrk processes, FLOOD_CONNECTIONS connections each);
# prints both p99s, their ratio (the issue's bound: 2x) and what A got (served vs 503 tenant-busy).
# B_LOAD=paced (default): B is a busy store at fixed rates (B_LIST_RATE, B_ADD_RATE, B_CHECKOUT_RATE
# requests/s, bench/pace.lua); B_LOAD=saturating: B's connections send as fast as they are answered, so
# B alone already takes the whole machine and any neighbour lengthens its queue.
# The mechanism measured is the per-tenant concurrency limit, with a flooding tenant giving way to calm
# ones (sokoni.tenant-concurrency: README "Per-tenant fairness"); FAIRNESS=false runs the same with it
# off, FLOOD_LIMIT=n sets the slots a flooding tenant keeps.
# Reuses bench/lib.sh (build, start, seed, stock and zones), bench/seed.sql, bench/carts.sql,
# bench/storefront.lua (TENANT=n: one store only) and bench/cart-load.lua.
#   bench/fairness.sh
#   DURATION=10s FAIRNESS=false bench/fairness.sh
#   B_LOAD=saturating bench/fairness.sh
set -euo pipefail
cd "$(dirname "$0")/.."

PRODUCTS=${PRODUCTS:-200}
DURATION=${DURATION:-15s}
B_CONNECTIONS=${B_CONNECTIONS:-8}
FLOOD_CONNECTIONS=${FLOOD_CONNECTIONS:-48}
CARTS=${CARTS:-20000} # per tenant and kind
FAIRNESS=${FAIRNESS:-true}
FLOOD_LIMIT=${FLOOD_LIMIT:-1}
B_LOAD=${B_LOAD:-paced}
B_LIST_RATE=${B_LIST_RATE:-1000}
B_ADD_RATE=${B_ADD_RATE:-100}
B_CHECKOUT_RATE=${B_CHECKOUT_RATE:-25}
PORT=${PORT:-8383}
DB=${BENCH_DB:-sokoni_bench_fairness}
PSQL="psql -X -q -h 127.0.0.1 -U postgres"
URL="http://127.0.0.1:$PORT"
NO_VARIANT=00000000-0000-0000-0000-000000000000

command -v wrk >/dev/null || { echo "wrk is needed: apt-get install wrk" >&2; exit 1; }
source bench/lib.sh
find_java
start_app --sokoni.checkout.expiry-enabled=false --sokoni.tenant-concurrency.enabled="$FAIRNESS" \
  --sokoni.tenant-concurrency.flood-limit="$FLOOD_LIMIT"
seed_catalog 2 "$PRODUCTS"

echo "== stock, delivery zones and carts (tenant A = b1, tenant B = b2)"
stock_and_zones "$NO_VARIANT" 0
$PSQL -d "$DB" -v tenants=2 -v products="$PRODUCTS" -v spread="$((CARTS * 2))" -v empty="$((CARTS * 2))" \
  -v hot=0 -v hot_variant="$NO_VARIANT" -f bench/carts.sql
$PSQL -d "$DB" -c "vacuum analyze"
WORK=$(mktemp -d /tmp/sokoni-fairness-bench.XXXXXX)
carts() { # tenant kind offset count -> file
  $PSQL -d "$DB" -tA -F , -c "select kind, host, token from public.bench_carts
    where kind = '$2' and host = 'b$1.bench.localhost' order by token offset $3 limit $4" > "$WORK/$1-$2-$3.csv"
  echo "$WORK/$1-$2-$3.csv"
}
$PSQL -d "$DB" -tA -F , -c "select d.host, v.id from app.product_variants v
  join app.products p on p.tenant_id = v.tenant_id and p.id = v.product_id
  join app.store_domains d on d.tenant_id = p.tenant_id and d.store_id = p.store_id" > "$WORK/variants.csv"

# Tenant B's three measurements (fresh carts each round); every RESULT line labelled "<phase>-<what>".
B_SHARE=$((CARTS / 4))
rate() { # B's rate for one kind of request: paced, or unset (as fast as answered)
  [ "$B_LOAD" = paced ] && echo "$1" || echo 0
}
measure_b() { # phase round
  LABEL="$1-list" MODE=list TENANT=2 RATE=$(rate "$B_LIST_RATE") THREADS=1 wrk -t1 -c"$B_CONNECTIONS" -d"$DURATION" -s bench/storefront.lua "$URL" \
    | grep '^RESULT' | sed "s/^RESULT list/RESULT $1-list/"
  LABEL="$1-add-to-cart" MODE=add RATE=$(rate "$B_ADD_RATE") CARTS="$(carts 2 empty $(($2 * B_SHARE)) $B_SHARE)" VARIANTS="$WORK/variants.csv" \
    THREADS=1 wrk -t1 -c"$B_CONNECTIONS" -d"$DURATION" -s bench/cart-load.lua "$URL" | grep '^RESULT'
  LABEL="$1-checkout" MODE=checkout RATE=$(rate "$B_CHECKOUT_RATE") CARTS="$(carts 2 spread $(($2 * B_SHARE)) $B_SHARE)" THREADS=1 \
    wrk -t1 -c"$B_CONNECTIONS" -d"$DURATION" -s bench/cart-load.lua "$URL" | grep '^RESULT'
}

RESULTS=$WORK/results
echo "== warm-up (tenant B's mix)"
measure_b warm-up 0 >/dev/null
settle
echo "== tenant B unloaded: $B_CONNECTIONS connections, $DURATION each, $B_LOAD$([ "$B_LOAD" = paced ] && echo " (list $B_LIST_RATE/s, add-to-cart $B_ADD_RATE/s, checkout $B_CHECKOUT_RATE/s)")"
measure_b unloaded 1 | tee -a "$RESULTS"
settle

echo "== tenant B while tenant A floods (search, add-to-cart, checkout: $FLOOD_CONNECTIONS connections each)"
FLOOD_SECONDS=$(( ${DURATION%s} * 3 + 20 ))
FLOOD_PIDS=()
LABEL=A-search MODE=search TENANT=1 wrk -t1 -c"$FLOOD_CONNECTIONS" -d"${FLOOD_SECONDS}s" -s bench/storefront.lua \
  "$URL" > "$WORK/a-search" &
FLOOD_PIDS+=($!)
LABEL=A-add-to-cart MODE=add CARTS="$(carts 1 empty 0 "$CARTS")" VARIANTS="$WORK/variants.csv" THREADS=1 \
  wrk -t1 -c"$FLOOD_CONNECTIONS" -d"${FLOOD_SECONDS}s" -s bench/cart-load.lua "$URL" > "$WORK/a-add" &
FLOOD_PIDS+=($!)
LABEL=A-checkout MODE=checkout CARTS="$(carts 1 spread 0 "$CARTS")" THREADS=1 \
  wrk -t1 -c"$FLOOD_CONNECTIONS" -d"${FLOOD_SECONDS}s" -s bench/cart-load.lua "$URL" > "$WORK/a-checkout" &
FLOOD_PIDS+=($!)
sleep 10 # the flood at full strength first
measure_b flooded 2 | tee -a "$RESULTS"
wait "${FLOOD_PIDS[@]}" || true
echo "== what tenant A got ($FLOOD_SECONDS s; 503 = tenant-busy)"
grep -h '^RESULT' "$WORK/a-search" "$WORK/a-add" "$WORK/a-checkout"

echo "== tenant B's p99, flooded / unloaded (fairness: $FAIRNESS; the bound is 2x)"
awk '{ for (i = 1; i <= NF; i++) {
         if ($i ~ /^p99_ms=/) { split($i, a, "="); p = a[2] }
         if ($i ~ /^p99=/) { split($i, a, "="); p = a[2] } }
       split($2, n, "-"); phase = n[1]; what = substr($2, length(phase) + 2); p99[phase, what] = p; whats[what] = 1 }
     END { for (w in whats) printf "RESULT fairness=%s B-load='"$B_LOAD"' B-%s p99 unloaded=%.1f ms flooded=%.1f ms ratio=%.2f\n",
             "'"$FAIRNESS"'", w, p99["unloaded", w], p99["flooded", w], p99["flooded", w] / p99["unloaded", w] }' "$RESULTS"
rm -rf "$WORK"
