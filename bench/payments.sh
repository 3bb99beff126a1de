#!/usr/bin/env bash
# M-Pesa payments benchmark (not a test), against the Daraja stand-in served by the application itself
# (callbacks at once, no delay). Seeds TENANTS x PRODUCTS (bench/seed.sql), an owner per tenant (pgcrypto
# bcrypt), a sandbox M-Pesa account per tenant set through the admin API, and carts (bench/carts.sql),
# starts the jar and measures, each figure beside a ceiling from the same run:
#   0. /ping, the trivial endpoint, at CONNECTIONS connections: the HTTP ceiling of the machine today;
#   1. checkout -> STK Push -> callback -> paid, as a shopper sees it (bench/PaymentPath.java: PATH_ORDERS
#      M-Pesa checkouts, PATH_SHOPPERS at a time, each polling its order every 5 ms until paid);
#   2. callback ingestion while checkouts run: CALLBACKS pending attempts are made first (checkouts paying
#      from 254700000005, whose callback the stand-in never sends), then wrk posts one Daraja success
#      callback for each at CONNECTIONS connections for DURATION, while CHECKOUT_CONNECTIONS more
#      connections check out spread carts (half M-Pesa, whose STK callbacks the stand-in sends too). Two
#      figures: answered (stored raw in its own commit and answered, as wrk sees it) and applied (from the
#      queue: attempt and payment locked, the success confirmed by an STK Push Query to the stand-in, the
#      order paid, stock sold, outbox and audit written; first stored to last applied, from the database);
#      then the database says whether any payment or order was counted twice;
#   3. the reconciler: BACKLOG more pending attempts made due at once; the time until none is pending;
#   4. with the application stopped, the callback's SQL statements run by pgbench alone
#      (bench/callback-ceiling.sh): the most PostgreSQL can do of them on this machine today, storing
#      alone (the ceiling of answering) and storing and applying.
#   bench/payments.sh
#   TENANTS=10 CALLBACKS=5000 BACKLOG=2000 DURATION=5s bench/payments.sh
set -euo pipefail
cd "$(dirname "$0")/.."

TENANTS=${TENANTS:-20}
PRODUCTS=${PRODUCTS:-50}
CONNECTIONS=${CONNECTIONS:-32}
CHECKOUT_CONNECTIONS=${CHECKOUT_CONNECTIONS:-8}
DURATION=${DURATION:-15s}
CALLBACKS=${CALLBACKS:-15000}
BACKLOG=${BACKLOG:-10000}
PATH_ORDERS=${PATH_ORDERS:-1000}
PATH_SHOPPERS=${PATH_SHOPPERS:-8}
PORT=${PORT:-8098}
DB=${BENCH_DB:-sokoni_bench_payments}
PSQL="psql -X -q -h 127.0.0.1 -U postgres"
URL="http://127.0.0.1:$PORT"

command -v wrk >/dev/null || { echo "wrk is needed: apt-get install wrk" >&2; exit 1; }
source bench/lib.sh
find_java
# The stand-in answers on this instance and calls back at once; pending attempts wait for this run's
# callbacks, not the reconciler (phase 3 makes its backlog due by hand); holds never lapse here.
start_app --sokoni.checkout.expiry-enabled=false \
  --sokoni.mpesa.standin.enabled=true --sokoni.mpesa.standin.callback-delay=0s \
  --sokoni.mpesa.sandbox-base-url="$URL/daraja-standin" --sokoni.mpesa.public-base-url="$URL" \
  --sokoni.mpesa.reconcile-after=1h --sokoni.mpesa.reconcile-interval=1s \
  --sokoni.mpesa.max-pushes=1000 --sokoni.mpesa.push-window=1s
seed_catalog "$TENANTS" "$PRODUCTS"

echo "== stock, delivery zones, owners, carts"
$PSQL -d "$DB" <<SQL
update app.inventory_levels set on_hand = 1000000;
insert into app.delivery_zones (tenant_id, id, store_id, name, fee_cents, min_order_cents, eta_minutes)
select s.tenant_id, s.id, s.id, 'Nairobi West', 20000, 0, 120 from app.stores s;
insert into app.delivery_zone_areas (tenant_id, zone_id, store_id, area_key, area_name)
select s.tenant_id, s.id, s.id, 'westlands', 'Westlands' from app.stores s;
create extension if not exists pgcrypto;
insert into app.users (tenant_id, id, email, full_name, password_hash, role)
select t.id, gen_random_uuid(), 'owner@' || t.slug || '.example', 'Bench Owner',
       crypt('bench-owner-password', gen_salt('bf', 10)), 'owner'
from app.tenants t where t.slug like 'bench-%';
SQL
$PSQL -d "$DB" -v tenants="$TENANTS" -v products="$PRODUCTS" \
  -v spread="$((200 + PATH_ORDERS + CALLBACKS + 20000 + BACKLOG))" -v empty=0 -v hot=0 \
  -v hot_variant=00000000-0000-0000-0000-000000000000 -f bench/carts.sql
$PSQL -d "$DB" -c "vacuum analyze"
WORK=$(mktemp -d /tmp/sokoni-payments-bench.XXXXXX)
carts() { # offset, count -> file
  $PSQL -d "$DB" -tA -F , -c "select kind, host, token from public.bench_carts where kind = 'spread'
    order by token offset $1 limit $2" > "$WORK/carts-$1.csv"
  echo "$WORK/carts-$1.csv"
}

echo "== an M-Pesa account per tenant (admin API), its STK callback URL"
: > "$WORK/callback-urls.csv"
for n in $(seq 1 "$TENANTS"); do
  token=$(curl -fs -X POST "$URL/auth/v1/token" -H 'Content-Type: application/json' \
    -d "{\"tenant\":\"bench-$n\",\"email\":\"owner@bench-$n.example\",\"password\":\"bench-owner-password\"}" \
    | python3 -c 'import sys, json; print(json.load(sys.stdin)["access_token"])')
  callback=$(curl -fs -X PUT "$URL/admin/v1/payments/mpesa-account" -H "Authorization: Bearer $token" \
    -H 'Content-Type: application/json' \
    -d '{"environment":"sandbox","accountType":"paybill","businessShortcode":"174379","consumerKey":"bench-consumer-key",
         "consumerSecret":"bench-consumer-secret","passkey":"bench-lipa-na-passkey"}' \
    | python3 -c 'import sys, json, urllib.parse; print(urllib.parse.urlparse(json.load(sys.stdin)["stkCallbackUrl"]).path)')
  echo "b$n.bench.localhost,$callback" >> "$WORK/callback-urls.csv"
done
$PSQL -d "$DB" -c "create table public.bench_callback_urls (host text primary key, path text)" \
  -c "\copy public.bench_callback_urls from '$WORK/callback-urls.csv' csv"

run() { # label file connections duration: one Daraja success callback per line of the file
  LABEL=$1 CALLBACKS=$2 THREADS=2 wrk -t2 -c"$3" -d"$4" -s bench/payment-load.lua "$URL" | grep '^RESULT'
}
path() { # carts-file [pending]
  "$JAVA" -Djdk.httpclient.allowRestrictedHeaders=host bench/PaymentPath.java "$URL" "$@"
}
pending_attempts() { # carts-file
  path "$1" 16 pending
}

echo "== 0. /ping at $CONNECTIONS connections (the HTTP ceiling today)"
wrk -t2 -c"$CONNECTIONS" -d10s "$URL/ping" >/dev/null
wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --latency "$URL/ping" | awk '/Requests\/sec|^ +50%|^ +99%/ {printf "%s ", $0} END {print ""}' | sed 's/^/RESULT ping /'

echo "== 1. checkout -> STK Push -> callback -> paid: $PATH_ORDERS orders, $PATH_SHOPPERS shoppers at a time"
path "$(carts 0 200)" "$PATH_SHOPPERS" >/dev/null
settle
path "$(carts 200 "$PATH_ORDERS")" "$PATH_SHOPPERS"

echo "== 2. callback ingestion: $CALLBACKS pending attempts, then their callbacks at $CONNECTIONS connections while $CHECKOUT_CONNECTIONS check out"
offset=$((200 + PATH_ORDERS))
pending_attempts "$(carts $offset "$CALLBACKS")"
offset=$((offset + CALLBACKS))
pending=$($PSQL -d "$DB" -tA -c "select count(*) from app.payment_attempts where status = 'pending' and phone = '254700000005'")
echo "pending attempts: $pending"
$PSQL -d "$DB" -tA -F , -c "select u.path, a.checkout_request_id, a.merchant_request_id, a.amount_shillings,
    a.phone, 'BN' || upper(substr(md5(a.id::text), 1, 8))
  from app.payment_attempts a join app.stores s on s.tenant_id = a.tenant_id
  join public.bench_callback_urls u on u.host = s.slug || '.bench.localhost'
  where a.status = 'pending' and a.phone = '254700000005' order by a.id" > "$WORK/callbacks.csv"
head -n $((CALLBACKS / 5)) "$WORK/callbacks.csv" > "$WORK/callbacks-warm.csv"
tail -n +$((CALLBACKS / 5 + 1)) "$WORK/callbacks.csv" > "$WORK/callbacks-timed.csv"
run warm-up "$WORK/callbacks-warm.csv" "$CONNECTIONS" 10s >/dev/null
settle
# Checkouts in the background for the whole timed run (cart-load.lua: half M-Pesa, half cash on delivery).
LABEL=checkouts-alongside MODE=checkout CARTS="$(carts $offset 20000)" THREADS=1 \
  wrk -t1 -c"$CHECKOUT_CONNECTIONS" -d"$DURATION" -s bench/cart-load.lua "$URL" | grep '^RESULT' > "$WORK/alongside.txt" &
ALONGSIDE=$!
timed_from=$($PSQL -d "$DB" -tA -c "select now()")
run callbacks-while-checkouts-run "$WORK/callbacks-timed.csv" "$CONNECTIONS" "$DURATION" | tee "$WORK/callbacks.txt"
posted=$(sed -n 's/.*requests=\([0-9]*\).*/\1/p' "$WORK/callbacks.txt")
[ "${posted:-0}" -lt "$(wc -l < "$WORK/callbacks-timed.csv")" ] || echo "(every callback was posted before the end: the rate is a lower bound; raise CALLBACKS)"
wait $ALONGSIDE; cat "$WORK/alongside.txt"
# Answered is not applied: a callback is answered once stored, and applied from the queue. Wait until
# every callback of the timed run has an outcome, then count how fast they were applied: from the first
# stored to the last applied.
for _ in $(seq 1 600); do
  [ "$($PSQL -d "$DB" -tA -c "select count(*) from app.payment_callbacks where apply_due_at is not null")" -eq 0 ] && break
  sleep 0.5
done
$PSQL -d "$DB" -tA -F ' ' -c "select 'RESULT callbacks applied (stored to outcome): n=' || count(*),
    'in ' || round(extract(epoch from max(processed_at) - min(received_at))::numeric, 1) || ' s:',
    round(count(*) / nullif(extract(epoch from max(processed_at) - min(received_at)), 0)) || ' callbacks/s',
    'still unapplied=' || (select count(*) from app.payment_callbacks where apply_due_at is not null)
  from app.payment_callbacks where kind = 'stk' and received_at >= '$timed_from'"
$PSQL -d "$DB" -tA -F ' ' <<'SQL'
select 'RESULT money: succeeded payments=' || count(*) filter (where p.status = 'succeeded'),
       'receipts counted twice=' || (count(p.mpesa_receipt)
           - count(distinct (p.tenant_id, p.mpesa_receipt)) filter (where p.mpesa_receipt is not null)),
       'payments in review=' || count(*) filter (where p.status = 'review')
from app.payments p;
select 'RESULT orders: paid=' || count(*) filter (where payment_status = 'paid'),
       'paid amount != sum of its succeeded payments=' || count(*) filter (where amount_paid_cents <> coalesce(
           (select sum(received_cents) from app.payments p where p.tenant_id = o.tenant_id and p.order_id = o.id
              and p.status = 'succeeded'), 0)),
       'paid with stock still held=' || count(*) filter (where payment_status = 'paid' and exists (
           select 1 from app.inventory_reservations r where r.tenant_id = o.tenant_id and r.order_id = o.id
             and r.status = 'active'))
from app.orders o;
select 'RESULT callbacks stored=' || count(*), 'applied=' || count(*) filter (where outcome = 'applied'),
       'other outcomes=' || coalesce(string_agg(distinct outcome, '/') filter (where outcome <> 'applied'), 'none')
from app.payment_callbacks;
SQL

echo "== 3. the reconciler: $BACKLOG pending attempts made due at once"
# Only this phase's attempts: those the callback phase left pending stay out of it.
since=$($PSQL -d "$DB" -tA -c "select now()")
pending_attempts "$(carts $((offset + 20000)) "$BACKLOG")"
$PSQL -d "$DB" -c "update app.payment_attempts set next_query_at = now() where status = 'pending' and created_at >= '$since'"
start=$(date +%s.%N)
while :; do
  left=$($PSQL -d "$DB" -tA -c "select count(*) from app.payment_attempts where status in ('pending', 'recorded')
    and created_at >= '$since'")
  [ "$left" -eq 0 ] && break
  if [ "$(echo "$(date +%s.%N) - $start > 300" | bc)" = 1 ]; then echo "still $left pending after 300 s"; break; fi
  sleep 0.2
done
echo "RESULT reconciler backlog=$BACKLOG reconciled in $(echo "$(date +%s.%N) - $start" | bc | cut -c1-5) s" \
  "($($PSQL -d "$DB" -tA -c "select count(*) from app.payment_attempts where status = 'succeeded' and created_at >= '$since'") of them succeeded)"
rss_kb=$(awk '/VmRSS/ {print $2}' /proc/$APP_PID/status)
echo "== app RSS after load: $((rss_kb / 1024)) MiB (-Xmx1g)"

echo "== 4. the callback's statements in PostgreSQL alone, the application stopped (bench/callback-ceiling.sh)"
kill $APP_PID; wait $APP_PID 2>/dev/null || true
bash bench/callback-ceiling.sh "$DB"
