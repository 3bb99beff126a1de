#!/usr/bin/env bash
# The outbox relay's claim over a large table, in PostgreSQL alone (not a test): EVENTS pending order events
# are written into an already migrated benchmark database (e.g. the one bench/payments.sh leaves), then the
# relay's claim of 100 and the marking of those 100 as delivered run back to back (pgbench, one client, as
# the one relay of an instance does) for SECONDS while two more clients write 300 new events a second.
# Twice in one run: with the leased-events index (V33) and without it (dropped for the second run, then
# made again), each from the same fresh backlog; prints the claim's mean latency.
#   bench/outbox-claim.sh [database]
set -euo pipefail
DB=${1:-sokoni_bench_payments}
EVENTS=${EVENTS:-60000}
SECONDS_EACH=${SECONDS_EACH:-20}
PSQL="psql -X -q -h 127.0.0.1 -U postgres -d $DB"
WORK=$(mktemp -d /tmp/sokoni-outbox-claim.XXXXXX)
trap 'rm -rf "$WORK"' EXIT

cat > "$WORK/claim.sql" <<'SQL'
update app.outbox_events o set locked_until = now() + interval '60 seconds'
from (select tenant_id, id from app.outbox_events e
      where status = 'pending' and next_attempt_at <= now() and (locked_until is null or locked_until < now())
        and event_type in ('order.placed', 'order.paid', 'order.status_changed', 'order.payment_failed',
                           'product.created', 'product.updated', 'product.deleted')
        and not exists (select 1 from app.outbox_events s where s.tenant_id = e.tenant_id
                        and s.aggregate_id = e.aggregate_id and s.status = 'pending' and s.locked_until > now()
                        and s.id <> e.id)
        and pg_try_advisory_xact_lock(hashtextextended('app.outbox_events:' || e.tenant_id || ':' || e.aggregate_id, 0))
      order by next_attempt_at limit 100 for update skip locked) due
where o.tenant_id = due.tenant_id and o.id = due.id;
-- the claimed 100 delivered (the relay marks them by key; here, written not to use the index measured)
update app.outbox_events set status = 'delivered', delivered_at = now(), locked_until = null
where status = 'pending' and coalesce(locked_until, '-infinity') > now();
SQL
cat > "$WORK/write.sql" <<'SQL'
insert into app.outbox_events (tenant_id, id, aggregate_type, aggregate_id, event_type, payload)
select id, gen_random_uuid(), 'order', gen_random_uuid(), 'order.paid', '{"orderId": "x"}'
from app.tenants order by random() limit 1;
SQL

backlog() {
  $PSQL <<SQL
delete from app.outbox_events;
vacuum analyze app.outbox_events;
insert into app.outbox_events (tenant_id, id, aggregate_type, aggregate_id, event_type, payload, next_attempt_at, created_at)
select t.id, gen_random_uuid(), 'order', gen_random_uuid(),
       (array['order.placed', 'order.paid', 'order.status_changed'])[1 + g % 3], '{"orderId": "x", "total": 1000}',
       now() - interval '1 hour' + g * interval '10 ms', now() - interval '1 hour' + g * interval '10 ms'
from generate_series(1, $EVENTS) g cross join lateral (select id from app.tenants order by random() limit 1) t;
analyze app.outbox_events;
SQL
}

run() {
  backlog
  pgbench -h 127.0.0.1 -U postgres -n -f "$WORK/write.sql" -c 2 -R 300 -T "$SECONDS_EACH" "$DB" > /dev/null 2>&1 &
  local writers=$!
  pgbench -h 127.0.0.1 -U postgres -n -f "$WORK/claim.sql" -c 1 -T "$SECONDS_EACH" -r "$DB" 2> /dev/null \
    | awk -v label="$1" '/^ +[0-9.]+ +[0-9]+ +update app.outbox_events o/ {claim=$1}
                         END {printf "RESULT outbox claim %s: %s ms per claim of 100\n", label, claim}'
  wait $writers
  echo "   left pending: $($PSQL -tAc "select count(*) from app.outbox_events where status = 'pending'") of $EVENTS + new"
}

run "with the leased-events index"
$PSQL -c "drop index app.outbox_events_leased_idx"
run "without it (before V33)"
$PSQL -c "create index outbox_events_leased_idx on app.outbox_events (tenant_id, aggregate_id)
          where status = 'pending' and locked_until is not null"
$PSQL -c "delete from app.outbox_events"
