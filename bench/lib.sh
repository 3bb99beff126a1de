# Shared by the benchmark scripts (sourced, not run): a JDK >= 21, the application jar, a fresh
# database and the application started on it. Expects PORT, DB and PSQL to be set.

find_java() {
  JAVA=""
  for candidate in "${JAVA_HOME:-}" /usr/lib/jvm/*; do
    [ -x "$candidate/bin/java" ] || continue
    major=$("$candidate/bin/java" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2}')
    if [ "${major%%.*}" -ge 21 ] 2>/dev/null; then JAVA="$candidate/bin/java"; break; fi
  done
  [ -n "$JAVA" ] || { echo "a JDK >= 21 is needed" >&2; exit 1; }
}

# PostgreSQL as production runs it: with autovacuum. A server configured without it (this machine's
# CI configuration turns it off) leaves the planner with statistics from before a run's writes, plans
# chosen for an empty queue table then scan a backlog of 100,000 rows; no figure measured so means much.
# Turned on with ALTER SYSTEM (written to postgresql.auto.conf, which overrides conf.d) and a reload,
# and reset the same way once the benchmark's shell has exited (a watcher, since the scripts set their
# own EXIT traps): the machine is left as it was found.
production_like_postgres() {
  if [ "$($PSQL -d postgres -tAc 'show autovacuum')" != on ]; then
    echo "== autovacuum is off on this PostgreSQL server: on for this benchmark (ALTER SYSTEM, reload), as in production"
    $PSQL -d postgres -c "alter system set autovacuum = on" -c "select pg_reload_conf()" >/dev/null
    local bench=$$
    (while kill -0 "$bench" 2>/dev/null; do sleep 1; done
     $PSQL -d postgres -c "alter system reset autovacuum" -c "select pg_reload_conf()" >/dev/null) >/dev/null 2>&1 &
  fi
}

# Builds the jar, drops and recreates $DB, starts the app on it (killed on exit) and waits until healthy.
# The storefront rate limits are off (wrk drives thousands of requests/s from one address, 127.0.0.1);
# RATE_LIMIT_ENABLED=true measures with them.
# Extra application arguments may be passed; BENCH_JAVA_OPTS adds JVM options (a profiler, GC logging);
# GC replaces the collector (default -XX:+UseParallelGC), e.g. GC=-XX:+UseZGC. Compiled code is unloaded
# once the code cache grew by half its size (SweeperThreshold 50, the JVM's default 15): each unloading is
# a full collection with the parallel collector, 160 to 230 ms here, which stopped every request of a run.
# KEEP_DB=true starts it again on the database as it is (the jar built once); DB_URL (with DB_DIRECT_URL)
# connects the pools elsewhere, e.g. through PgBouncer (bench/pgbouncer.sh).
start_app() {
  production_like_postgres
  if [ -z "${JAR:-}" ]; then
    echo "== build"
    ./mvnw -q -B -DskipTests install
    JAR=$(ls platform-api/target/sokoni-platform-api-*.jar | grep -v original | head -1)
  fi
  if [ "${KEEP_DB:-false}" != true ]; then
    echo "== fresh database $DB"
    $PSQL -d postgres -c "drop database if exists $DB with (force)"
  fi
  launch_app "$PORT" true "$@"
  APP_PID=$LAUNCHED_PID
  trap 'kill $APP_PID 2>/dev/null || true' EXIT
}

# Starts the jar on port $1 against $DB (creating the database and roles first when $2 is true) and
# waits until it is healthy (up to START_WAIT seconds, for a loaded machine); LAUNCHED_PID is its process
# id (the caller stops it), APP_LOG its output.
launch_app() { # port bootstrap [application arguments]
  local port=$1 bootstrap=$2
  shift 2
  APP_LOG=$(mktemp /tmp/sokoni-bench-app.XXXXXX.log)
  SOKONI_DB_BOOTSTRAP=$bootstrap SOKONI_DB_NAME=$DB SOKONI_DB_URL="${DB_URL:-jdbc:postgresql://127.0.0.1:5432/$DB}" \
    SOKONI_DB_DIRECT_URL="${DB_DIRECT_URL:-}" \
    SOKONI_DB_POOL_SIZE=${POOL_SIZE:-16} SOKONI_OPERATOR_TOKEN=bench-operator-token-0123456789 \
    SOKONI_OPERATOR_TOKEN_FILE=/dev/null SOKONI_RATE_LIMIT_ENABLED=${RATE_LIMIT_ENABLED:-false} \
    "$JAVA" -Xms${HEAP:-1g} -Xmx${HEAP:-1g} ${GC:--XX:+UseParallelGC} -XX:SweeperThreshold=50 ${BENCH_JAVA_OPTS:-} -jar "$JAR" --server.port="$port" \
    --logging.level.root=WARN --sokoni.auth.bcrypt-strength=10 "$@" > "$APP_LOG" 2>&1 &
  LAUNCHED_PID=$!
  for _ in $(seq 1 "${START_WAIT:-120}"); do
    curl -fs "http://127.0.0.1:$port/actuator/health" >/dev/null 2>&1 && break
    sleep 1
  done
  curl -fs "http://127.0.0.1:$port/actuator/health" >/dev/null || { echo "app did not start; see $APP_LOG" >&2; exit 1; }
}

# Seeds $1 tenants x $2 products (bench/seed.sql).
seed_catalog() {
  echo "== seeding $1 tenants x $2 products"
  local start
  start=$(date +%s)
  $PSQL -d "$DB" -v tenants="$1" -v products="$2" -f bench/seed.sql
  # The seed's dirty pages written out now, not by the checkpointer during the measurements.
  $PSQL -d "$DB" -c checkpoint
  echo "seeded in $(( $(date +%s) - start )) s: $($PSQL -d "$DB" -tAc 'select count(*) from app.products') products, $($PSQL -d "$DB" -tAc 'select count(*) from app.product_variants') variants"
}

# Waits (at most 60 s) until the application and its database are idle after a warm-up: on 2 cores the
# JIT's compiler threads fall behind under load and go on compiling for many seconds after it stops, and
# what a phase left behind (outbox events still being relayed, the aggregate refreshes they cause) goes
# on in PostgreSQL while the JVM looks idle; a timed run started then measures those, not the steady
# state. Idle: the application under 10 % of a core and $DB under 50 commits/s, for 2 s in a row.
settle() { # [pid, default APP_PID]
  local quiet=0 before after commits_before commits_after pid=${1:-$APP_PID}
  for _ in $(seq 1 60); do
    before=$(awk '{print $14 + $15}' /proc/$pid/stat)
    commits_before=$(db_commits)
    sleep 1
    after=$(awk '{print $14 + $15}' /proc/$pid/stat)
    commits_after=$(db_commits)
    if [ $((after - before)) -lt 10 ] && [ $((commits_after - commits_before)) -lt 50 ]; then
      quiet=$((quiet + 1))
    else
      quiet=0
    fi
    [ $quiet -ge 2 ] && return 0
  done
  echo "(the application or its database was still busy 60 s after the warm-up)" >&2
}

# Transactions committed in $DB so far (PostgreSQL's statistics; 0 when it cannot be asked).
db_commits() {
  psql -X -q -h 127.0.0.1 -U postgres -d "$DB" -tAc \
    "select xact_commit from pg_stat_database where datname = current_database()" 2>/dev/null || echo 0
}

# What checkouts need: stock ($2 units of variant $1, ample of every other) and one delivery zone per
# store (bench/checkout.sh, bench/two-instances.sh, bench/fairness.sh, bench/pgbouncer.sh).
stock_and_zones() {
  $PSQL -d "$DB" <<SQL
update app.inventory_levels set on_hand = case when variant_id = '$1' then $2 else 1000000 end;
insert into app.delivery_zones (tenant_id, id, store_id, name, fee_cents, min_order_cents, eta_minutes)
select s.tenant_id, s.id, s.id, 'Nairobi West', 20000, 0, 120 from app.stores s;
insert into app.delivery_zone_areas (tenant_id, zone_id, store_id, area_key, area_name)
select s.tenant_id, s.id, s.id, 'westlands', 'Westlands' from app.stores s;
SQL
}

# The checkout benchmarks' stock, delivery zones and carts (bench/checkout.sh, bench/two-instances.sh), on
# a seeded catalog: ample stock everywhere but HOT_STOCK units of one variant (HOT_VARIANT), one zone per
# store, and bench/carts.sql's carts ($1 spread, $2 empty, $3 hot ones); WORK is a scratch directory with
# variants.csv (host,variantId) for add-to-cart.
prepare_checkout() { # spread empty hot
  echo "== stock, delivery zones and carts"
  HOT_VARIANT=$($PSQL -d "$DB" -tA -c "select id from app.product_variants
    where tenant_id = '00000000-0000-4000-8000-000000000001' order by id limit 1")
  stock_and_zones "$HOT_VARIANT" "${HOT_STOCK:-0}"
  $PSQL -d "$DB" -v tenants="$TENANTS" -v products="$PRODUCTS" -v spread="$1" -v empty="$2" -v hot="$3" \
    -v hot_variant="$HOT_VARIANT" -f bench/carts.sql
  $PSQL -d "$DB" -c "vacuum analyze"
  WORK=$(mktemp -d /tmp/sokoni-checkout-bench.XXXXXX)
  $PSQL -d "$DB" -tA -F , -c "select d.host, v.id from app.product_variants v
    join app.products p on p.tenant_id = v.tenant_id and p.id = v.product_id
    join app.store_domains d on d.tenant_id = p.tenant_id and d.store_id = p.store_id
    where v.id <> '$HOT_VARIANT'" > "$WORK/variants.csv"
}

# Writes carts of one kind (bench/carts.sql), from an offset, into a file of $WORK; prints its path.
carts() { # kind, offset, count
  $PSQL -d "$DB" -tA -F , -c "select kind, host, token from public.bench_carts where kind = '$1'
    order by token offset $2 limit $3" > "$WORK/$1-$2.csv"
  echo "$WORK/$1-$2.csv"
}

# One wrk run of bench/cart-load.lua against $URL; prints its RESULT line.
load() { # label mode carts connections duration
  LABEL=$1 MODE=$2 CARTS=$3 VARIANTS="$WORK/variants.csv" THREADS=${WRK_THREADS:-2} \
    wrk -t"${WRK_THREADS:-2}" -c"$4" -d"$5" -s bench/cart-load.lua "$URL" | grep '^RESULT'
}
