#!/usr/bin/env bash
# A throwaway PostgreSQL server for the store tests.
#
#   eval "$(.ci/postgres.sh start)"   # initdb in a temp dir, start on 127.0.0.1, print the URL
#   .ci/postgres.sh stop              # stop it and delete its data directory
#   .ci/postgres.sh status            # say whether it runs (exit 1 if not)
#
# `start` prints only `export CLAIMCHECK_TEST_POSTGRES_URL=postgresql+psycopg://...` on stdout
# (everything else goes to stderr), so the caller can eval it. Run as root, the server runs
# as the `postgres` OS user (PostgreSQL refuses to run as root). It listens on 127.0.0.1 on a
# free port only; its unix socket lives inside the data directory, so nothing touches
# /var/run/postgresql. The data is disposable: fsync is off.
#
# Environment: PG_BIN (directory of pg_ctl/initdb; default the newest /usr/lib/postgresql/*/bin),
# CLAIMCHECK_PG_STATE (state file; default ${TMPDIR:-/tmp}/claimcheck-postgres.state).
set -euo pipefail

STATE="${CLAIMCHECK_PG_STATE:-${TMPDIR:-/tmp}/claimcheck-postgres.state}"
ROLE="claimcheck"
DB="claimcheck"

log() { echo "postgres.sh: $*" >&2; }
die() { log "error: $*"; exit 1; }

find_bin() {
    if [ -n "${PG_BIN:-}" ]; then
        echo "$PG_BIN"
        return
    fi
    local newest
    newest="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)"
    if [ -n "$newest" ] && [ -x "$newest/pg_ctl" ]; then
        echo "$newest"
    elif command -v pg_ctl >/dev/null 2>&1; then
        dirname "$(command -v pg_ctl)"
    else
        die "PostgreSQL server binaries not found (apt-get install postgresql, or set PG_BIN)"
    fi
}

# Run a server binary as the right OS user: `postgres` when we are root, ourselves otherwise.
as_owner() {
    if [ "$(id -u)" -eq 0 ]; then
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

url_of() { # password port
    echo "postgresql+psycopg://${ROLE}:$1@127.0.0.1:$2/${DB}"
}

running() {
    [ -f "$STATE" ] || return 1
    # shellcheck disable=SC1090
    . "$STATE"
    as_owner "$BIN/pg_ctl" -D "$DATA" status >/dev/null 2>&1
}

start() {
    if running; then
        log "already running on 127.0.0.1:$PORT (data $DATA)"
        echo "export CLAIMCHECK_TEST_POSTGRES_URL=$(url_of "$PASSWORD" "$PORT")"
        return
    fi
    BIN="$(find_bin)"
    if [ "$(id -u)" -eq 0 ] && ! id postgres >/dev/null 2>&1; then
        die "running as root but there is no 'postgres' OS user to run the server"
    fi
    DATA="$(mktemp -d "${TMPDIR:-/tmp}/claimcheck-pg.XXXXXX")"
    chmod 700 "$DATA"
    [ "$(id -u)" -eq 0 ] && chown postgres: "$DATA"
    PASSWORD="$(python3 -c 'import secrets; print(secrets.token_hex(16))')"
    PORT="$(free_port)"
    local pwfile
    pwfile="$DATA/.pwfile"
    echo "$PASSWORD" >"$pwfile"
    [ "$(id -u)" -eq 0 ] && chown postgres: "$pwfile"
    log "initdb in $DATA ($BIN)"
    as_owner "$BIN/initdb" -D "$DATA/pgdata" -U "$ROLE" --pwfile="$pwfile" \
        --auth-host=scram-sha-256 --auth-local=trust -E UTF8 --locale=C.UTF-8 >"$DATA/initdb.log" 2>&1 \
        || { cat "$DATA/initdb.log" >&2; die "initdb failed"; }
    rm -f "$pwfile"
    # The state file holds the password: readable by us only.
    (
        umask 077
        printf 'BIN=%q\nDATA=%q\nPORT=%q\nPASSWORD=%q\nROOT=%q\n' \
            "$BIN" "$DATA/pgdata" "$PORT" "$PASSWORD" "$DATA" >"$STATE"
    )
    log "starting on 127.0.0.1:$PORT"
    as_owner "$BIN/pg_ctl" -D "$DATA/pgdata" -l "$DATA/pgdata/server.log" -w -t 60 start \
        -o "-c listen_addresses=127.0.0.1 -p $PORT -c unix_socket_directories='$DATA/pgdata' -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
        >&2 || { cat "$DATA/pgdata/server.log" >&2 || true; die "the server did not start"; }
    local i
    for i in $(seq 1 60); do
        if "$BIN/pg_isready" -q -h 127.0.0.1 -p "$PORT"; then
            break
        fi
        [ "$i" -eq 60 ] && die "the server did not accept connections within 30 s"
        sleep 0.5
    done
    PGPASSWORD="$PASSWORD" "$BIN/createdb" -h 127.0.0.1 -p "$PORT" -U "$ROLE" "$DB" \
        || die "could not create database $DB"
    log "ready: database $DB, role $ROLE"
    echo "export CLAIMCHECK_TEST_POSTGRES_URL=$(url_of "$PASSWORD" "$PORT")"
}

stop() {
    if [ ! -f "$STATE" ]; then
        log "nothing to stop (no $STATE)"
        return
    fi
    # shellcheck disable=SC1090
    . "$STATE"
    if as_owner "$BIN/pg_ctl" -D "$DATA" status >/dev/null 2>&1; then
        as_owner "$BIN/pg_ctl" -D "$DATA" -m fast -w stop >&2 || log "pg_ctl stop failed"
    fi
    case "$ROOT" in
        "${TMPDIR:-/tmp}"/claimcheck-pg.*) rm -rf "$ROOT" ;;
        *) log "not deleting unexpected data directory $ROOT" ;;
    esac
    rm -f "$STATE"
    log "stopped"
}

case "${1:-start}" in
    start) start ;;
    stop) stop ;;
    status)
        if running; then log "running on 127.0.0.1:$PORT (data $DATA)"; else log "not running"; exit 1; fi
        ;;
    *) die "usage: $0 [start|stop|status]" ;;
esac
