#!/usr/bin/env bash
# Set up everything the tests need, then run the suite (unit, WebSocket and
# browser tests) in two passes:
#   1. on the embedded default: SQLite and the in-process channel layer; every
#      test except those marked scaleout (TEST_PASS=embedded);
#   2. on the scale-out setup: PostgreSQL and Redis (DATABASE_URL, REDIS_URL),
#      with TEST_PASS=scale-out: tests/conftest.py then deselects every test
#      that the scale-out setup cannot change, so only tests that use the
#      database, those marked channel_layer (channel layer, cache or a server
#      process) and those marked scaleout run again; browser tests do not.
#      pytest run by hand, without TEST_PASS, runs everything it collects.
# Lint, formatting and missing migrations are checked first.
# Safe to run again: it only installs or starts what is missing.
#
#   bash scripts/test.sh                 everything (what CI runs)
#   bash scripts/test.sh --embedded      the embedded pass only
#   bash scripts/test.sh --scale-out     the scale-out pass only (not what only pass 1 runs)
#   bash scripts/test.sh -- -k display   extra arguments go to pytest
#
# TEST_DATABASE_URL and TEST_REDIS_URL point the scale-out pass at servers of
# your own; then nothing is installed or started for it.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh

run_embedded=1
run_scale_out=1
pytest_args=()
while [ $# -gt 0 ]; do
  case "$1" in
    --embedded) run_scale_out=0 ;;
    --scale-out) run_embedded=0 ;;
    --) shift; pytest_args=("$@"); break ;;
    *) echo "Unknown option: $1 (see the top of $0)" >&2; exit 2 ;;
  esac
  shift
done

CHROMIUM="${CHROMIUM:-/usr/bin/chromium}"
DEFAULT_DATABASE_URL="postgres://postgres@127.0.0.1:5432/test"
DEFAULT_REDIS_URL="redis://127.0.0.1:6379/0"

ensure_chromium() {
  if [ ! -x "$CHROMIUM" ]; then
    say "Installing Chromium for the browser tests (Debian package 'chromium')"
    apt_install chromium fonts-liberation
  fi
}

ensure_postgresql() {
  if ! port_open 127.0.0.1 5432; then
    if ! ls /etc/postgresql/*/main >/dev/null 2>&1; then
      say "Installing PostgreSQL"
      apt_install postgresql
      # A fresh cluster only allows password logins over TCP; the test
      # cluster trusts local connections, as on the CI machine.
      local hba
      hba=$(ls /etc/postgresql/*/main/pg_hba.conf | head -n1)
      as_root sed -i '1i host all all 127.0.0.1/32 trust\nhost all all ::1/128 trust' "$hba"
    fi
    say "Starting PostgreSQL"
    as_root pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -n1)" main start
    for _ in $(seq 1 30); do port_open 127.0.0.1 5432 && break; sleep 1; done
  fi
  python - <<'PY'
import psycopg

try:
    psycopg.connect("postgresql://postgres@127.0.0.1:5432/test").close()
except psycopg.OperationalError as error:
    if "does not exist" not in str(error):
        raise
    print("Creating the PostgreSQL database 'test'")
    with psycopg.connect("postgresql://postgres@127.0.0.1:5432/postgres", autocommit=True) as db:
        db.execute("create database test")
PY
}

ensure_redis() {
  if ! port_open 127.0.0.1 6379; then
    if ! command -v redis-server >/dev/null 2>&1; then
      say "Installing Redis"
      apt_install redis-server
    fi
    say "Starting Redis"
    redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no
    for _ in $(seq 1 30); do port_open 127.0.0.1 6379 && break; sleep 1; done
  fi
}

# pytest exits 5 when it runs no tests (none collected, or all deselected);
# that must fail, never pass.
run_pytest() {
  local status=0
  python -m pytest "$@" || status=$?
  if [ "$status" -eq 5 ]; then
    echo "pytest ran no tests (none collected, or all deselected): that is a failure, not a pass." >&2
    return 1
  fi
  return "$status"
}

ensure_venv "test,scale"
ensure_chromium
ensure_pdf_libraries
ensure_braille_tools
export DJANGO_SETTINGS_MODULE=config.settings.test
export CHROMIUM

say "Checking lint, formatting and migrations"
ruff check .
ruff format --check .
python manage.py makemigrations --check --dry-run

if [ "$run_embedded" = 1 ]; then
  say "Test pass 1 of 2: embedded default (SQLite, in-process channel layer)"
  (
    unset DATABASE_URL REDIS_URL
    TEST_PASS=embedded run_pytest -m "not scaleout" "${pytest_args[@]+"${pytest_args[@]}"}"
  )
fi

if [ "$run_scale_out" = 1 ]; then
  if [ -z "${TEST_DATABASE_URL:-}" ]; then ensure_postgresql; fi
  if [ -z "${TEST_REDIS_URL:-}" ]; then ensure_redis; fi
  say "Test pass 2 of 2: scale-out (PostgreSQL, Redis): the tests it can change"
  # A key prefix of this run's own in the shared Redis (cache and channel
  # layer): entries a previous run left there (a cached image rendition, say)
  # must not be read by this run's fresh database, whose ids start again at 1.
  CHANNELS_PREFIX="test-$(date +%s)-$$" \
  TEST_PASS=scale-out \
  DATABASE_URL="${TEST_DATABASE_URL:-$DEFAULT_DATABASE_URL}" \
  REDIS_URL="${TEST_REDIS_URL:-$DEFAULT_REDIS_URL}" \
    run_pytest "${pytest_args[@]+"${pytest_args[@]}"}"
fi

say "All checks and tests passed."
