#!/usr/bin/env bash
# A private, throw-away PostgreSQL cluster for xinfang's tests.
#
#   scripts/pg-test-server.sh start    # init (fresh) + start; no-op if already up
#   scripts/pg-test-server.sh stop     # stop it (the directory is left for its log)
#   scripts/pg-test-server.sh status   # exit 0 if it answers on the port
#   scripts/pg-test-server.sh url      # admin URL for the tests (XINFANG_TEST_PG)
#   scripts/pg-test-server.sh clean    # drop the databases tests made (xf_<kind>_<16 hex>)
#
# Independent of any system cluster: its own data directory, port and socket.
#   XINFANG_PG_DIR   (default /tmp/xinfang-pg)  data in $XINFANG_PG_DIR/data,
#                    unix socket and server.log in $XINFANG_PG_DIR itself
#   XINFANG_PG_PORT  (default 55432)            listens on 127.0.0.1 only
# Tuned for tests, not for keeping data: fsync, synchronous_commit and
# full_page_writes are off, and every `start` of a stopped server wipes the
# data directory and runs initdb again. Superuser role xinfang/xinfang;
# auth is trust for local sockets and 127.0.0.1.
# As root, the server runs as the `postgres` system user (postgres refuses to
# run as root); as any other user, it runs as that user.
set -euo pipefail

PG_DIR=${XINFANG_PG_DIR:-/tmp/xinfang-pg}
PG_PORT=${XINFANG_PG_PORT:-55432}
DATA="$PG_DIR/data"
LOG="$PG_DIR/server.log"
URL="postgres://xinfang:xinfang@127.0.0.1:${PG_PORT}/postgres"

# Keep the caller's libpq settings out of our own psql/pg_isready calls.
unset PGHOST PGHOSTADDR PGPORT PGUSER PGDATABASE PGSERVICE PGOPTIONS PGPASSFILE PGSSLMODE

say() { printf 'pg-test-server: %s\n' "$*"; }
die() { printf 'pg-test-server: error: %s\n' "$*" >&2; exit 1; }

usage() {
    echo "usage: $0 start|stop|status|url|clean" >&2
    exit 2
}

find_bindir() {
    local d
    if command -v pg_config >/dev/null 2>&1; then
        d=$(pg_config --bindir 2>/dev/null || true)
        if [[ -n $d && -x $d/initdb && -x $d/pg_ctl && -x $d/postgres ]]; then
            echo "$d"
            return 0
        fi
    fi
    # Newest installed major version (sort -V so that 16 > 9.6).
    d=$(find /usr/lib/postgresql -mindepth 2 -maxdepth 2 -type d -name bin 2>/dev/null | sort -V | tail -n 1 || true)
    if [[ -n $d && -x $d/initdb && -x $d/pg_ctl && -x $d/postgres ]]; then
        echo "$d"
        return 0
    fi
    return 1
}

# Run a server-side command as the cluster's owner, from a directory that
# owner can enter (so nothing complains about an unreadable cwd like /root).
if [[ $(id -u) -eq 0 ]]; then
    RUN_USER=postgres
else
    RUN_USER=$(id -un)
fi
as_owner() {
    if [[ $(id -u) -eq 0 ]]; then
        (cd "$PG_DIR" && runuser -u "$RUN_USER" -- "$@")
    else
        (cd "$PG_DIR" && "$@")
    fi
}

# 0 when a server accepts connections on our port.
answering() {
    "$BINDIR/pg_isready" -q -h 127.0.0.1 -p "$PG_PORT" -t 2 >/dev/null 2>&1
}

# 0 when our own cluster (the one in $DATA) is running.
ours_running() {
    [[ -f $DATA/PG_VERSION ]] || return 1
    as_owner "$BINDIR/pg_ctl" -D "$DATA" status >/dev/null 2>&1
}

psql_admin() {
    # SQL on stdin, over our unix socket as the bootstrap superuser (trust auth).
    "$BINDIR/psql" -X -q -v ON_ERROR_STOP=1 -h "$PG_DIR" -p "$PG_PORT" -U "$RUN_USER" -d postgres
}

ensure_role() {
    psql_admin <<'SQL'
DO $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'xinfang') THEN
        CREATE ROLE xinfang WITH LOGIN SUPERUSER PASSWORD 'xinfang';
    ELSE
        ALTER ROLE xinfang WITH LOGIN SUPERUSER PASSWORD 'xinfang';
    END IF;
END
$$;
SQL
}

show_log_tail() {
    if [[ -f $LOG ]]; then
        echo "---- last lines of $LOG ----" >&2
        tail -n 30 "$LOG" >&2 || true
        echo "----" >&2
    fi
}

prepare_dir() {
    mkdir -p "$PG_DIR"
    if [[ $(id -u) -eq 0 ]]; then
        if ! id -u postgres >/dev/null 2>&1; then
            say "creating system user postgres"
            useradd --system --user-group --home-dir /var/lib/postgresql --no-create-home \
                --shell /usr/sbin/nologin postgres
        fi
        chown postgres: "$PG_DIR"
        chmod 0700 "$PG_DIR"
        runuser -u postgres -- test -w "$PG_DIR" -a -x "$PG_DIR" ||
            die "user postgres cannot use $PG_DIR (is a parent directory closed to it?); set XINFANG_PG_DIR elsewhere, e.g. under /tmp"
    fi
}

start() {
    if answering; then
        if ours_running; then
            ensure_role
            say "already running on 127.0.0.1:$PG_PORT (data $DATA)"
            return 0
        fi
        if "$BINDIR/psql" -X -q -d "$URL" -c 'select 1' >/dev/null 2>&1; then
            say "a server is already running on 127.0.0.1:$PG_PORT and accepts xinfang; using it"
            return 0
        fi
        die "port $PG_PORT is taken by a server where role xinfang cannot log in; set XINFANG_PG_PORT to another port"
    fi

    prepare_dir
    if ours_running; then
        # Up, but not answering on our port (e.g. started with another port).
        say "stopping the cluster in $DATA, which does not answer on port $PG_PORT"
        as_owner "$BINDIR/pg_ctl" -D "$DATA" -m immediate -w stop >/dev/null || true
    fi

    # Throw-away: start from a fresh cluster each time. Only ever delete
    # something that is a data directory of ours (or the empty leftovers).
    if [[ -e $DATA ]]; then
        if [[ -f $DATA/PG_VERSION ]] || [[ -z $(ls -A "$DATA" 2>/dev/null) ]]; then
            rm -rf -- "$DATA"
        else
            die "$DATA exists and is not a PostgreSQL data directory; refusing to delete it"
        fi
    fi
    rm -f -- "$PG_DIR/.s.PGSQL.$PG_PORT" "$PG_DIR/.s.PGSQL.$PG_PORT.lock"

    say "initdb ($("$BINDIR/postgres" --version)) into $DATA"
    if ! as_owner "$BINDIR/initdb" -D "$DATA" -U "$RUN_USER" --auth=trust \
        --encoding=UTF8 --locale=C --no-sync >"$PG_DIR/initdb.log" 2>&1; then
        cat "$PG_DIR/initdb.log" >&2
        die "initdb failed"
    fi

    as_owner tee -a "$DATA/postgresql.conf" >/dev/null <<EOF

# ---- xinfang test server (scripts/pg-test-server.sh) ----
listen_addresses = '127.0.0.1'
port = $PG_PORT
unix_socket_directories = '$PG_DIR'
max_connections = 300
fsync = off
synchronous_commit = off
full_page_writes = off
log_line_prefix = '%m [%p] %q%u@%d '
EOF
    as_owner tee "$DATA/pg_hba.conf" >/dev/null <<'EOF'
# TYPE  DATABASE  USER  ADDRESS        METHOD
local   all       all                  trust
host    all       all   127.0.0.1/32   trust
EOF

    say "starting on 127.0.0.1:$PG_PORT (log $LOG)"
    : >"$LOG"
    if [[ $(id -u) -eq 0 ]]; then chown postgres: "$LOG"; fi
    if ! as_owner "$BINDIR/pg_ctl" -D "$DATA" -l "$LOG" -w -t 60 start >/dev/null; then
        show_log_tail
        die "pg_ctl start failed"
    fi
    ensure_role
    say "ready: $URL"
}

stop() {
    if ours_running; then
        if ! as_owner "$BINDIR/pg_ctl" -D "$DATA" -m fast -w -t 60 stop >/dev/null; then
            show_log_tail
            die "pg_ctl stop failed"
        fi
        say "stopped (data $DATA)"
    else
        say "not running (data $DATA)"
    fi
}

# Drop the databases the tests made: each test creates its own, named
# xf_<kind>_<16 hex digits> (xinfang_store::testing::fresh_test_database),
# and none drops it, so a server left running between runs fills its disk
# (11 MB a database, 314 a run of the suite: 3.5 GB). A `start`
# of a stopped server wipes them anyway.
clean() {
    answering || die "not answering on 127.0.0.1:$PG_PORT"
    local names n=0
    names=$("$BINDIR/psql" -X -q -At -v ON_ERROR_STOP=1 -d "$URL" -c \
        "SELECT datname FROM pg_database WHERE datname ~ '^xf_[a-z]+_[0-9a-f]{16}\$'")
    for name in $names; do
        "$BINDIR/psql" -X -q -v ON_ERROR_STOP=1 -d "$URL" \
            -c "DROP DATABASE IF EXISTS \"$name\" WITH (FORCE)" >/dev/null
        n=$((n + 1))
    done
    say "dropped $n test databases"
}

cmd=${1:-}
case $cmd in
    url)
        echo "$URL"
        exit 0
        ;;
    start | stop | status | clean) ;;
    *) usage ;;
esac

BINDIR=$(find_bindir) ||
    die "PostgreSQL server binaries not found (no initdb via pg_config --bindir or /usr/lib/postgresql/*/bin); run scripts/ci-setup.sh or install Debian's postgresql package"

case $cmd in
    start) start ;;
    stop) stop ;;
    clean) clean ;;
    status)
        if answering; then
            say "answering on 127.0.0.1:$PG_PORT"
        else
            say "not answering on 127.0.0.1:$PG_PORT"
            exit 1
        fi
        ;;
esac
