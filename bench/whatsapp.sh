#!/usr/bin/env bash
# WhatsApp inbound benchmark (not a test). Seeds TENANTS x PRODUCTS (bench/seed.sql), an owner per tenant,
# and connects a WhatsApp number per tenant through the admin API (phone-number id 100000000000 + n) with
# the Graph stand-in served by the application itself; starts the jar and measures, each figure beside
# a ceiling from the same run:
#   0. /ping, the trivial endpoint, at CONNECTIONS connections: the HTTP ceiling of the machine today;
#   1. signed deliveries ingested (signature checked over the raw bytes, body stored by the group-commit
#      intake, 200 answered) at CONNECTIONS connections for DURATION: one inbound text for every three
#      status updates, as Meta's traffic is shaped (bench/whatsapp-deliveries.py signs them, wrk posts each
#      once with bench/whatsapp-load.lua); the worker processes them meanwhile, as in service; then how long
#      the worker takes to finish the backlog; then the same mix paced at INGEST_RATE deliveries/s (the
#      issue's target rate, an open schedule over the same connections): the latency at that rate;
#   2. stored catalog order -> cart and reply queued (delivery's received_at -> processed_at, marked after
#      the processing commit) and -> reply handed to the stand-in (-> the notification's sent_at, set when
#      the stand-in answered the send), p50/p99, at ORDER_RATE orders/s for ORDER_SECONDS; beside it the
#      same pipeline for plain texts at the same rate (stored -> processed: the worker's floor);
#   3. with the application stopped, PostgreSQL alone doing the intake's insert (same statement, same
#      bodies, one delivery per commit) through pgbench at CONNECTIONS clients, as the platform role.
#   bench/whatsapp.sh
#   TENANTS=10 DELIVERIES=40000 DURATION=10s ORDER_SECONDS=20 bench/whatsapp.sh
set -euo pipefail
cd "$(dirname "$0")/.."

TENANTS=${TENANTS:-10}
PRODUCTS=${PRODUCTS:-50}
CONNECTIONS=${CONNECTIONS:-32}
DURATION=${DURATION:-15s}
INGEST_RATE=${INGEST_RATE:-2000}
DELIVERIES=${DELIVERIES:-80000}
ORDER_RATE=${ORDER_RATE:-100}
ORDER_SECONDS=${ORDER_SECONDS:-30}
PORT=${PORT:-8181}
DB=${BENCH_DB:-sokoni_bench_whatsapp}
SECRET=bench-app-secret-0123456789
PSQL="psql -X -q -h 127.0.0.1 -U postgres"
URL="http://127.0.0.1:$PORT"

command -v wrk >/dev/null || { echo "wrk is needed: apt-get install wrk" >&2; exit 1; }
command -v pgbench >/dev/null || { echo "pgbench is needed (postgresql-contrib)" >&2; exit 1; }
source bench/lib.sh
find_java

echo "== build (package only: nothing is installed into ~/.m2)"
./mvnw -q -B -o -pl platform-api -am package -DskipTests || ./mvnw -q -B -pl platform-api -am package -DskipTests
JAR=$(ls platform-api/target/sokoni-platform-api-*.jar | grep -v original | head -1)
echo "== fresh database $DB"
$PSQL -d postgres -c "drop database if exists $DB with (force)"
APP_LOG=$(mktemp /tmp/sokoni-bench-whatsapp.XXXXXX.log)
SOKONI_DB_BOOTSTRAP=true SOKONI_DB_NAME=$DB SOKONI_DB_URL="jdbc:postgresql://127.0.0.1:5432/$DB" \
  SOKONI_DB_POOL_SIZE=${POOL_SIZE:-16} SOKONI_OPERATOR_TOKEN=bench-operator-token-0123456789 \
  SOKONI_OPERATOR_TOKEN_FILE=/dev/null SOKONI_RATE_LIMIT_ENABLED=false \
  SOKONI_WHATSAPP_APP_SECRET=$SECRET SOKONI_WHATSAPP_VERIFY_TOKEN=bench-verify-token SOKONI_WHATSAPP_STANDIN=true \
  SOKONI_SECRETS_KEYSET_FILE="$(mktemp -u /tmp/sokoni-bench-keyset.XXXXXX.json)" \
  "$JAVA" -Xms1g -Xmx1g -XX:+UseParallelGC ${BENCH_JAVA_OPTS:-} -jar "$JAR" --server.port="$PORT" \
  --logging.level.root=WARN --sokoni.auth.bcrypt-strength=10 > "$APP_LOG" 2>&1 &
APP_PID=$!
trap 'kill $APP_PID 2>/dev/null || true' EXIT
for _ in $(seq 1 120); do
  curl -fs "$URL/actuator/health" >/dev/null 2>&1 && break
  sleep 1
done
curl -fs "$URL/actuator/health" >/dev/null || { echo "app did not start; see $APP_LOG" >&2; exit 1; }
seed_catalog "$TENANTS" "$PRODUCTS"

echo "== stock, owners, a connected WhatsApp number per tenant (admin API)"
$PSQL -d "$DB" <<SQL
update app.inventory_levels set on_hand = 1000000;
create extension if not exists pgcrypto;
insert into app.users (tenant_id, id, email, full_name, password_hash, role)
select t.id, gen_random_uuid(), 'owner@' || t.slug || '.example', 'Bench Owner',
       crypt('bench-owner-password', gen_salt('bf', 10)), 'owner'
from app.tenants t where t.slug like 'bench-%';
SQL
for n in $(seq 1 "$TENANTS"); do
  token=$(curl -fs -X POST "$URL/auth/v1/token" -H 'Content-Type: application/json' \
    -d "{\"tenant\":\"bench-$n\",\"email\":\"owner@bench-$n.example\",\"password\":\"bench-owner-password\"}" \
    | python3 -c 'import sys, json; print(json.load(sys.stdin)["access_token"])')
  curl -fs -o /dev/null -X PUT "$URL/admin/v1/whatsapp/account" -H "Authorization: Bearer $token" \
    -H 'Content-Type: application/json' \
    -d "{\"phoneNumberId\":\"$((100000000000 + n))\",\"wabaId\":\"102290129340398\",\"displayNumber\":\"0722 000 $(printf %03d "$n")\",
         \"accessToken\":\"EAAGbench$(openssl rand -hex 16)\"}"
done
echo "numbers registered: $($PSQL -d "$DB" -tAc "select count(*) from app.whatsapp_phone_numbers")"

WORK=$(mktemp -d /tmp/sokoni-whatsapp-bench.XXXXXX)
$PSQL -d "$DB" -tA -F , -c "select substr(t.slug, 7), v.sku from app.product_variants v join app.tenants t on t.id = v.tenant_id
  where t.slug like 'bench-%'" > "$WORK/skus.csv"
python3 bench/whatsapp-deliveries.py mixed "$DELIVERIES" "$TENANTS" "$SECRET" > "$WORK/mixed.tsv"
head -n $((DELIVERIES / 5)) "$WORK/mixed.tsv" > "$WORK/warm.tsv"
python3 bench/whatsapp-deliveries.py mixed $((INGEST_RATE * ${DURATION%s} + INGEST_RATE)) "$TENANTS" "$SECRET" > "$WORK/paced.tsv"
tail -n +$((DELIVERIES / 5 + 1)) "$WORK/mixed.tsv" > "$WORK/timed.tsv"
ORDERS=$((ORDER_RATE * ORDER_SECONDS))
python3 bench/whatsapp-deliveries.py orders $((ORDERS + ORDER_RATE * 10)) "$TENANTS" "$SECRET" "$WORK/skus.csv" > "$WORK/orders.tsv"
head -n $((ORDER_RATE * 10)) "$WORK/orders.tsv" > "$WORK/orders-warm.tsv"
tail -n +$((ORDER_RATE * 10 + 1)) "$WORK/orders.tsv" > "$WORK/orders-timed.tsv"
python3 bench/whatsapp-deliveries.py texts "$ORDERS" "$TENANTS" "$SECRET" > "$WORK/texts.tsv"
$PSQL -d "$DB" -c "vacuum analyze"

post() { # label file connections duration [delay-ms [rate]]
  LABEL=$1 DELIVERIES=$2 THREADS=2 DELAY_MS=${5:-0} RATE=${6:-0} wrk -t2 -c"$3" -d"$4" --timeout 10s -s bench/whatsapp-load.lua "$URL" | grep '^RESULT'
}
backlog() {
  $PSQL -d "$DB" -tAc "select count(*) from app.whatsapp_webhook_deliveries where processed_at is null"
}
drain() { # waits until the worker has processed everything stored; prints the seconds it took
  local start left
  start=$(date +%s.%N)
  while :; do
    left=$(backlog)
    [ "$left" -eq 0 ] && break
    if [ "$(echo "$(date +%s.%N) - $start > 600" | bc)" = 1 ]; then echo "(still $left unprocessed after 600 s)" >&2; break; fi
    sleep 0.2
  done
  echo "$(date +%s.%N) - $start" | bc | cut -c1-6
}

echo "== 0. /ping at $CONNECTIONS connections (the HTTP ceiling today)"
wrk -t2 -c"$CONNECTIONS" -d10s "$URL/ping" >/dev/null
wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --latency "$URL/ping" | awk '/Requests\/sec|^ +50%|^ +99%/ {printf "%s ", $0} END {print ""}' | sed 's/^/RESULT ping /'

echo "== 1. signed deliveries ingested at $CONNECTIONS connections for $DURATION (1 text : 3 statuses; the worker runs meanwhile)"
post warm-up "$WORK/warm.tsv" "$CONNECTIONS" 10s >/dev/null
drain >/dev/null
settle
before=$($PSQL -d "$DB" -tAc "select coalesce(max(id), 0) from app.whatsapp_webhook_deliveries")
post deliveries-ingested "$WORK/timed.tsv" "$CONNECTIONS" "$DURATION" | tee "$WORK/ingest.txt"
posted=$(sed -n 's/.*requests=\([0-9]*\).*/\1/p' "$WORK/ingest.txt")
[ "${posted:-0}" -lt "$(wc -l < "$WORK/timed.tsv")" ] || echo "(every delivery was posted before the end: the rate is a lower bound; raise DELIVERIES)"
left=$(backlog)
took=$(drain)
echo "RESULT worker: $left deliveries still unprocessed when the load stopped, processed in $took s more"
$PSQL -d "$DB" -tA -F ' ' -c "select 'RESULT stored in the timed run=' || count(*),
    'per commit (group commits): mean=' || round(count(*)::numeric / greatest(1, count(distinct xmin::text)), 1)
  from app.whatsapp_webhook_deliveries where id > $before"
$PSQL -d "$DB" -tA -F ' ' -c "select 'RESULT recorded: inbound messages=' || (select count(*) from app.whatsapp_messages),
    'statuses=' || (select count(*) from app.whatsapp_message_statuses),
    'threads=' || (select count(*) from app.whatsapp_threads)"
settle
post deliveries-paced-at-$INGEST_RATE/s "$WORK/paced.tsv" "$CONNECTIONS" "$DURATION" 0 "$INGEST_RATE" | tee "$WORK/paced.txt"
left=$(backlog)
took=$(drain)
echo "RESULT worker (paced): $left deliveries still unprocessed when the load stopped, processed in $took s more"

echo "== 2. stored catalog order -> cart + reply queued -> reply handed to the stand-in, at $ORDER_RATE orders/s for $ORDER_SECONDS s"
CONNS=$((ORDER_RATE / 10))
post orders-warm-up "$WORK/orders-warm.tsv" "$CONNS" 10s 100 >/dev/null
drain >/dev/null
settle
since=$($PSQL -d "$DB" -tAc "select now()")
post catalog-orders "$WORK/orders-timed.tsv" "$CONNS" "${ORDER_SECONDS}s" 100
drain >/dev/null
sleep 3
$PSQL -d "$DB" -tA -F ' ' <<SQL
with d as (
  select received_at, processed_at, body::jsonb #>> '{entry,0,changes,0,value,messages,0,id}' as wamid
  from app.whatsapp_webhook_deliveries where received_at >= '$since' and body like '%"type":"order"%'),
l as (
  select extract(epoch from n.created_at - d.received_at) * 1000 as started_ms,
         extract(epoch from d.processed_at - d.received_at) * 1000 as cart_ms,
         extract(epoch from n.sent_at - d.received_at) * 1000 as sent_ms, n.status
  from d left join app.whatsapp_notifications n on n.notification_key = 'cart_reply:' || d.wamid)
select 'RESULT stored order -> its processing transaction began (cart and reply written in it): orders=' || count(*),
       'p50=' || round(percentile_cont(0.5) within group (order by started_ms)::numeric, 1) || ' ms',
       'p99=' || round(percentile_cont(0.99) within group (order by started_ms)::numeric, 1) || ' ms',
       '| -> committed and marked processed (an upper bound of "the cart exists"):',
       'p50=' || round(percentile_cont(0.5) within group (order by cart_ms)::numeric, 1) || ' ms',
       'p99=' || round(percentile_cont(0.99) within group (order by cart_ms)::numeric, 1) || ' ms',
       '| -> reply handed to the stand-in: sent=' || count(sent_ms),
       'p50=' || round(percentile_cont(0.5) within group (order by sent_ms)::numeric, 1) || ' ms',
       'p99=' || round(percentile_cont(0.99) within group (order by sent_ms)::numeric, 1) || ' ms',
       'other reply states=' || coalesce(string_agg(distinct status, '/') filter (where status <> 'sent'), 'none')
from l;
select 'RESULT carts on the whatsapp channel=' || count(*) from app.carts where channel = 'whatsapp';
SQL
settle
since=$($PSQL -d "$DB" -tAc "select now()")
post texts-same-rate "$WORK/texts.tsv" "$CONNS" "${ORDER_SECONDS}s" 100 >/dev/null
drain >/dev/null
$PSQL -d "$DB" -tA -F ' ' -c "select 'RESULT ceiling: stored text -> processed at the same rate: n=' || count(*),
    'p50=' || round(percentile_cont(0.5) within group (order by extract(epoch from processed_at - received_at) * 1000)::numeric, 1) || ' ms',
    'p99=' || round(percentile_cont(0.99) within group (order by extract(epoch from processed_at - received_at) * 1000)::numeric, 1) || ' ms'
  from app.whatsapp_webhook_deliveries where received_at >= '$since'"
rss_kb=$(awk '/VmRSS/ {print $2}' /proc/$APP_PID/status)
echo "== app RSS after load: $((rss_kb / 1024)) MiB (-Xmx1g)"

echo "== 3. the intake's insert in PostgreSQL alone (pgbench, $CONNECTIONS clients, one delivery per commit), the application stopped"
kill $APP_PID; wait $APP_PID 2>/dev/null || true
PLATFORM_ROLE=${SOKONI_DB_PLATFORM_USER:-sokoni_platform}
SCRIPT=$(mktemp /tmp/sokoni-whatsapp-insert.XXXXXX.sql)
# The body travels as a pgbench variable (a bind parameter with -M prepared), as the application binds it.
body=$(sed -n '2p' "$WORK/timed.tsv" | cut -f2-)
cat > "$SCRIPT" <<'SQL'
insert into app.whatsapp_webhook_deliveries (body, body_encoding, claimed_until, attempts)
select b, e, now() + make_interval(secs => 120), 1 from unnest(array[:body]::text[], array['utf8']::text[]) as t(b, e)
returning id;
SQL
pgbench -h 127.0.0.1 -U "$PLATFORM_ROLE" -n -M prepared -c "$CONNECTIONS" -j 2 -T "${CEILING_SECONDS:-15}" \
  -D body="$body" -f "$SCRIPT" "$DB" 2>&1 | awk '/^tps/ {printf "RESULT ceiling: the intake insert in PostgreSQL alone (pgbench, one row per commit): %.0f deliveries/s\n", $3}
  /latency average/ {print "RESULT ceiling: pgbench " $0} /aborted|failed transactions: [1-9]|ERROR/ {print}'
rm -f "$SCRIPT"
# pgbench's rows are not deliveries anyone posted: gone, so an application started on this database later
# does not process them.
$PSQL -d "$DB" -c "delete from app.whatsapp_webhook_deliveries where processed_at is null"
rm -rf "$WORK"
