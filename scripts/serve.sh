#!/usr/bin/env bash
# Set up and run the product on its embedded default: an SQLite file, the
# in-process channel layer and one daphne process, at http://127.0.0.1:8000.
# ASGI_SERVER=uvicorn runs the faster server option instead.
# Safe to run again: it only does what is missing, then starts the server.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh

HOST="${HOST:-127.0.0.1}"
PORT="${PORT:-8000}"
ASGI_SERVER="${ASGI_SERVER:-daphne}"
export DJANGO_SETTINGS_MODULE="${DJANGO_SETTINGS_MODULE:-config.settings.local}"

if [ "$ASGI_SERVER" = "uvicorn" ]; then ensure_venv "uvicorn"; else ensure_venv ""; fi
ensure_pdf_libraries
ensure_braille_tools
say "Updating the database"
python manage.py migrate --noinput
say "Loading demo content"
python manage.py load_demo

cat <<MSG

==> Peer Support Planning is starting on http://$HOST:$PORT/

  Home page       http://$HOST:$PORT/
  Training        http://$HOST:$PORT/training/
  Planning Live   http://$HOST:$PORT/live/
  Sign in         http://$HOST:$PORT/accounts/login/
  Wagtail admin   http://$HOST:$PORT/admin/

  The demo logins are listed above. Press Ctrl+C to stop.

MSG
exec python -m config.serve --host "$HOST" --port "$PORT" --server "$ASGI_SERVER"
