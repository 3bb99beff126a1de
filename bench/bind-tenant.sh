#!/usr/bin/env bash
# What binding a tenant with app.bind_tenant (migration V70: set_config, a shared per-tenant advisory
# lock and the departed check, so tenant moves lose no write) costs against a bare set_config, per
# transaction, in PostgreSQL alone: pgbench as the runtime role, prepared statements, 8 clients, two
# transaction shapes (one product by id: the shortest a request makes; a page of 20 products), in
# alternated pairs of runs (this machine's speed drifts more than the difference measured); the median of
# the pairs' ratios is the cost. Needs a database a benchmark seeded (bench/seed.sql's ids).
#   bench/bind-tenant.sh <database> <tenants>
set -euo pipefail
DB=${1:-sokoni_bench}
TENANTS=${2:-100}
RUNTIME_ROLE=${SOKONI_DB_RUNTIME_USER:-sokoni_app}
SECONDS_PER_RUN=${BIND_SECONDS:-5}
ROUNDS=${BIND_ROUNDS:-6}
WORK=$(mktemp -d /tmp/sokoni-bind.XXXXXX)
trap 'rm -rf "$WORK"' EXIT

script() { # binding shape -> file
  local bind=$1 shape=$2 file="$WORK/$1-$2.sql"
  {
    echo '\set n random(1, :tenants)'
    echo '\set p random(1, 10)'
    echo 'begin;'
    if [ "$bind" = set_config ]; then
      echo "select set_config('app.tenant_id', '00000000-0000-4000-8000-' || lpad(:n::text, 12, '0'), true);"
    else
      echo "select app.bind_tenant('00000000-0000-4000-8000-' || lpad(:n::text, 12, '0'));"
    fi
    if [ "$shape" = point ]; then
      echo "select id, name, listed_price_cents from app.products
            where tenant_id = ('00000000-0000-4000-8000-' || lpad(:n::text, 12, '0'))::uuid
            order by id offset :p limit 1;"
    else
      echo "select id, slug, name, listed_price_cents from app.products
            where tenant_id = ('00000000-0000-4000-8000-' || lpad(:n::text, 12, '0'))::uuid and status = 'active'
            order by listed_price_cents, id limit 20;"
    fi
    echo 'commit;'
  } > "$file"
  echo "$file"
}
tps() { # script file
  pgbench -h 127.0.0.1 -U "$RUNTIME_ROLE" -n -M prepared -c 8 -j 2 -T "$SECONDS_PER_RUN" -D tenants="$TENANTS" \
    -f "$1" "$DB" 2>/dev/null | awk '/^tps/ {print $3; exit}'
}
median() { printf '%s\n' "$@" | sort -g | awk '{v[NR] = $1} END {print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2}'; }

for shape in point list; do
  plain=$(script set_config "$shape"); fenced=$(script bind_tenant "$shape")
  tps "$plain" >/dev/null # warm-up
  ratios=(); a=(); b=()
  for round in $(seq 1 "$ROUNDS"); do
    if [ $((round % 2)) -eq 1 ]; then p=$(tps "$plain"); f=$(tps "$fenced"); else f=$(tps "$fenced"); p=$(tps "$plain"); fi
    a+=("$p"); b+=("$f")
    ratios+=("$(awk -v p="$p" -v f="$f" 'BEGIN {printf "%.4f", 1 - f / p}')")
  done
  awk -v shape="$shape" -v p="$(median "${a[@]}")" -v f="$(median "${b[@]}")" -v o="$(median "${ratios[@]}")" \
    -v per="${ratios[*]}" -v rounds="$ROUNDS" -v s="$SECONDS_PER_RUN" 'BEGIN {
    printf "RESULT bind-tenant %s: set_config %.0f tx/s, app.bind_tenant %.0f tx/s (medians of %d paired rounds of %s s); cost per round: %s; median %.1f %%\n", shape, p, f, rounds, s, per, 100 * o }'
done
