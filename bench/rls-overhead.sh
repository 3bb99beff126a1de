#!/usr/bin/env bash
# The storefront's uncached product-list query, the same transaction shape (bind the tenant, query,
# commit), run by pgbench once as the runtime role (row-level security applies) and once as a
# superuser (bypasses it), in alternated pairs. The median of the pairs' throughput ratios is the cost of
# the policies.
#   bench/rls-overhead.sh <database> <tenants>
# RLS_PAGES (default 5): the pages of 20 asked for (a store of 10 products has one).
set -euo pipefail
DB=${1:-sokoni_bench}
TENANTS=${2:-100}
RUNTIME_ROLE=${SOKONI_DB_RUNTIME_USER:-sokoni_app}
export SECONDS_PER_RUN=${RLS_SECONDS:-5}
ROUNDS=${RLS_ROUNDS:-8}
PAGES=${RLS_PAGES:-5}
SCRIPT=$(mktemp /tmp/sokoni-list.XXXXXX.sql)
cat > "$SCRIPT" <<'SQL'
\set n random(1, :tenants)
\set page random(0, :pages - 1)
begin;
select set_config('app.tenant_id', '00000000-0000-4000-8000-' || lpad(:n::text, 12, '0'), true);
select p.id, p.slug, p.name, p.brand, p.listed_price_cents, p.currency,
       exists (select 1 from app.product_variants v
               where v.tenant_id = p.tenant_id and v.product_id = p.id and v.is_active
                 and exists (select 1 from app.inventory_levels l
                             join app.store_locations s on s.tenant_id = l.tenant_id and s.id = l.location_id
                             where l.tenant_id = v.tenant_id and l.variant_id = v.id and s.status = 'active'
                               and l.on_hand > l.reserved)) as in_stock,
       (select i.url from app.product_images i where i.tenant_id = p.tenant_id and i.product_id = p.id
        order by i.position, i.id limit 1) as image_url,
       p.category_id,
       (select count(*) from app.products c
        where c.tenant_id = ('00000000-0000-4000-8000-' || lpad(:n::text, 12, '0'))::uuid
          and c.store_id = ('00000000-0000-4000-9000-' || lpad(:n::text, 12, '0'))::uuid
          and c.status = 'active') as total
from app.products p
where p.tenant_id = ('00000000-0000-4000-8000-' || lpad(:n::text, 12, '0'))::uuid
  and p.store_id = ('00000000-0000-4000-9000-' || lpad(:n::text, 12, '0'))::uuid
  and p.status = 'active'
order by p.listed_price_cents, p.id
limit 20 offset :page * 20;
commit;
SQL
tps() { # role
  pgbench -h 127.0.0.1 -U "$1" -n -c 8 -j 2 -T "$SECONDS_PER_RUN" -D tenants="$TENANTS" -D pages="$PAGES" -f "$SCRIPT" "$DB" 2>/dev/null \
    | awk '/^tps/ {print $3; exit}'
}
tps "$RUNTIME_ROLE" >/dev/null # warm-up of the caches
# Paired and alternated (A B, B A, A B, ...): this machine's speed drifts by more than the overhead
# measured, even between runs a minute apart. Each round's two runs are adjacent, so the ratio of a
# pair barely sees the drift; the median of the rounds' ratios is the overhead.
ratios=(); with_rls=(); bypass=()
for round in $(seq 1 "$ROUNDS"); do
  if [ $((round % 2)) -eq 1 ]; then
    r=$(tps "$RUNTIME_ROLE"); b=$(tps postgres)
  else
    b=$(tps postgres); r=$(tps "$RUNTIME_ROLE")
  fi
  with_rls+=("$r"); bypass+=("$b")
  ratios+=("$(awk -v r="$r" -v b="$b" 'BEGIN {printf "%.4f", 1 - r / b}')")
done
median() { printf '%s\n' "$@" | sort -g | awk '{v[NR] = $1} END {print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2}'; }
awk -v o="$(median "${ratios[@]}")" -v r="$(median "${with_rls[@]}")" -v b="$(median "${bypass[@]}")" \
  -v role="$RUNTIME_ROLE" -v rounds="$ROUNDS" -v per="${ratios[*]}" 'BEGIN {
  printf "list query as %s (RLS): %.0f tx/s; as postgres (bypasses RLS): %.0f tx/s (medians of %d paired rounds of %s s)\n", role, r, b, rounds, ENVIRON["SECONDS_PER_RUN"]
  printf "overhead per round: %s\noverhead (median of the rounds): %.1f %%\n", per, 100 * o }'
rm -f "$SCRIPT"
