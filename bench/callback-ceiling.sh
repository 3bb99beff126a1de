#!/usr/bin/env bash
# What PostgreSQL alone can do of an STK success callback on this machine: the statements one callback
# makes the application run, in its three transactions (the raw body stored in its own commit; the
# attempt found; the result applied: attempt and payment locked and updated, the order locked, paid and
# its held stock sold, history, two outbox events, audit rows, the callback's outcome), run by pgbench as
# the runtime role with prepared statements, 8 clients, over the orders the benchmark paid (their rows
# are written again, as a first callback writes them). No HTTP, no JVM, no STK Push Query: the ceilings
# the application cannot pass, of answering (the first transaction alone, at the benchmark's 32
# connections) and of applying (all three, 8 clients as the 8 appliers).
#   bench/callback-ceiling.sh <database>
set -euo pipefail
DB=${1:-sokoni_bench_payments}
RUNTIME_ROLE=${SOKONI_DB_RUNTIME_USER:-sokoni_app}
PSQL="psql -X -q -h 127.0.0.1 -U postgres -d $DB"
export PGOPTIONS="-c client_min_messages=warning"
$PSQL <<SQL
drop table if exists public.bench_paid;
create table public.bench_paid as
select row_number() over (order by a.id) as n, a.tenant_id, a.id as attempt_id, a.payment_id, a.order_id,
       a.checkout_request_id, r.variant_id, r.location_id
from app.payment_attempts a
cross join lateral (select variant_id, location_id from app.inventory_reservations r
                    where r.tenant_id = a.tenant_id and r.order_id = a.order_id limit 1) r
where a.status = 'succeeded' and a.checkout_request_id is not null;
alter table public.bench_paid add primary key (n);
grant select on public.bench_paid to $RUNTIME_ROLE;
SQL
ROWS=$($PSQL -tAc "select count(*) from public.bench_paid")
SCRIPT=$(mktemp /tmp/sokoni-callback.XXXXXX.sql)
cat > "$SCRIPT" <<'SQL'
\set n random(1, :rows)
select tenant_id, attempt_id, payment_id, order_id, checkout_request_id, variant_id, location_id
from public.bench_paid where n = :n \gset
begin;
select set_config('app.tenant_id', :tenant_id, true);
insert into app.payment_callbacks (tenant_id, id, kind, body, source_ip, ip_allowed, url_nonce, apply_due_at)
values (:tenant_id, gen_random_uuid(), 'stk', '{"Body":{"stkCallback":{"MerchantRequestID":"29115-34620561-1","CheckoutRequestID":"ws_CO_191220191020363925","ResultCode":0,"ResultDesc":"The service request is processed successfully.","CallbackMetadata":{"Item":[{"Name":"Amount","Value":150},{"Name":"MpesaReceiptNumber","Value":"NLJ7RT61SV"},{"Name":"Balance"},{"Name":"TransactionDate","Value":20191219102115},{"Name":"PhoneNumber","Value":254708374149}]}}}}', '127.0.0.1', null, null, now() + interval '2 minutes')
returning id as callback_id \gset
commit;
begin;
select set_config('app.tenant_id', :tenant_id, true);
select id, payment_id, order_id, status, phone, amount_shillings, checkout_request_id from app.payment_attempts
where tenant_id = :tenant_id and checkout_request_id = :checkout_request_id;
commit;
begin;
select set_config('app.tenant_id', :tenant_id, true);
select id, payment_id, order_id, status from app.payment_attempts where tenant_id = :tenant_id and id = :attempt_id for update;
update app.payment_attempts set status = 'succeeded', result_code = '0', completed_at = now(), updated_at = now()
where tenant_id = :tenant_id and id = :attempt_id;
update app.payments set status = 'succeeded', completed_at = now(), updated_at = now(), version = version + 1
where tenant_id = :tenant_id and id = :payment_id;
select count(*) from app.payments where tenant_id = :tenant_id and mpesa_receipt = 'NLJ7RT61SV';
insert into app.payment_audit (tenant_id, id, payment_id, event_type, actor_type, details)
values (:tenant_id, gen_random_uuid(), :payment_id, 'stk.succeeded', 'provider', '{"receipt":"NLJ7RT61SV"}');
select * from app.payments where tenant_id = :tenant_id and id = :payment_id for update;
select * from app.orders where tenant_id = :tenant_id and id = :order_id for update;
select count(*) from app.payment_audit where tenant_id = :tenant_id and payment_id = :payment_id and event_type = 'settled';
update app.orders set amount_paid_cents = amount_paid_cents, payment_status = 'paid', updated_at = now()
where tenant_id = :tenant_id and id = :order_id;
update app.inventory_reservations set status = 'consumed' where tenant_id = :tenant_id and order_id = :order_id;
update app.inventory_levels set on_hand = on_hand, reserved = reserved
where tenant_id = :tenant_id and variant_id = :variant_id and location_id = :location_id;
update app.orders set status = 'paid', version = version + 1, updated_at = now() where tenant_id = :tenant_id and id = :order_id;
insert into app.order_status_history (tenant_id, id, order_id, from_status, to_status, actor_type, note)
values (:tenant_id, gen_random_uuid(), :order_id, 'awaiting_payment', 'paid', 'system', 'Paid by M-Pesa');
insert into app.outbox_events (tenant_id, id, aggregate_type, aggregate_id, event_type, payload)
values (:tenant_id, gen_random_uuid(), 'order', :order_id, 'order.status_changed', '{"from":"awaiting_payment","to":"paid"}');
insert into app.outbox_events (tenant_id, id, aggregate_type, aggregate_id, event_type, payload)
values (:tenant_id, gen_random_uuid(), 'order', :order_id, 'order.paid', '{"amountPaidCents":100}');
insert into app.payment_audit (tenant_id, id, payment_id, event_type, actor_type, details)
values (:tenant_id, gen_random_uuid(), :payment_id, 'settled', 'provider', '{}');
update app.payment_callbacks set outcome = 'applied', outcome_detail = 'paid', payment_id = :payment_id,
  attempt_id = :attempt_id, processed_at = now(), apply_due_at = null
where tenant_id = :tenant_id and id = :callback_id;
commit;
SQL
# The first transaction alone: storing, what an answer waits for.
STORE=$(mktemp /tmp/sokoni-callback-store.XXXXXX.sql)
sed -n '1,/^commit;/p' "$SCRIPT" > "$STORE"
pgbench -h 127.0.0.1 -U "$RUNTIME_ROLE" -n -M prepared -c 32 -j 2 -T "${CEILING_SECONDS:-15}" -D rows="$ROWS" \
  -f "$STORE" "$DB" 2>&1 | awk '/^tps/ {printf "RESULT STK callback stored (its own commit) in PostgreSQL alone (pgbench, 32 clients): %.0f callbacks/s\n", $3}
  /latency average/ {print "RESULT   latency average " $4 " ms"}
  /aborted|failed transactions: [1-9]|ERROR/ {print}'
rm -f "$STORE"
pgbench -h 127.0.0.1 -U "$RUNTIME_ROLE" -n -M prepared -c 8 -j 2 -T "${CEILING_SECONDS:-15}" -D rows="$ROWS" \
  -f "$SCRIPT" "$DB" 2>&1 | awk '/^tps/ {printf "RESULT STK success callback stored and applied in PostgreSQL alone (pgbench, 8 clients): %.0f callbacks/s\n", $3}
  /aborted|failed transactions: [1-9]|ERROR/ {print}'
rm -f "$SCRIPT"
PGOPTIONS= $PSQL -c "drop table public.bench_paid"
