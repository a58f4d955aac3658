# Shared helpers for scripts/serve.sh and scripts/test.sh. Source, don't run.
# Everything here is idempotent: running it again only does what is missing.

VENV="${VENV:-.venv}"

say() { printf '\n==> %s\n' "$*"; }

# Run a command as root: directly, through sudo, or fail with a clear message.
as_root() {
  if [ "$(id -u)" = "0" ]; then
    "$@"
  elif command -v sudo >/dev/null 2>&1; then
    sudo "$@"
  else
    echo "This step needs root (to run: $*). Run it as root or install sudo." >&2
    return 1
  fi
}

apt_install() {
  if ! command -v apt-get >/dev/null 2>&1; then
    echo "Cannot install $* automatically: apt-get is not available on this machine." >&2
    echo "Install $* with your system's package manager, then run this again." >&2
    return 1
  fi
  if [ -z "${APT_UPDATED:-}" ]; then
    as_root env DEBIAN_FRONTEND=noninteractive apt-get update -q
    APT_UPDATED=1
  fi
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "$@"
}

# What WeasyPrint needs to make the certificate and support plan PDFs: Pango
# from the system, and fonts that show names and notes in most alphabets (DejaVu
# Sans; Droid Sans Fallback for Chinese, Japanese and Korean) and emoji (Symbola,
# drawn in outline). Installs only the ones that are missing.
ensure_pdf_libraries() {
  local missing=() libraries
  libraries=$( (ldconfig -p || /sbin/ldconfig -p) 2>/dev/null || true)
  grep -q 'libpango-1\.0\.so\.0' <<<"$libraries" || missing+=(libpango-1.0-0)
  grep -q 'libpangoft2-1\.0\.so\.0' <<<"$libraries" || missing+=(libpangoft2-1.0-0)
  [ -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || missing+=(fonts-dejavu-core)
  [ -f /usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf ] || missing+=(fonts-droid-fallback)
  [ -f /usr/share/fonts/truetype/ancient-scripts/Symbola_hint.ttf ] || missing+=(fonts-symbola)
  if [ "${#missing[@]}" -gt 0 ]; then
    say "Installing what the certificate and plan PDFs need: ${missing[*]}"
    apt_install "${missing[@]}"
  fi
}

# What the Braille copies of support plans need: liblouis's command-line
# translator (lou_translate, Debian: liblouis-bin) and its tables, among them
# Unified English Braille (Debian: liblouis-data). Installs only what is missing.
ensure_braille_tools() {
  local missing=()
  command -v lou_translate >/dev/null 2>&1 || missing+=(liblouis-bin)
  [ -f /usr/share/liblouis/tables/en-ueb-g2.ctb ] || missing+=(liblouis-data)
  if [ "${#missing[@]}" -gt 0 ]; then
    say "Installing what the Braille copies of plans need: ${missing[*]}"
    apt_install "${missing[@]}"
  fi
}

# Print the newest Python 3.11+ on this machine (PYTHON overrides).
# Wagtail 8 runs on Django 6.0 only from Python 3.12, so newer is better.
find_python() {
  if [ -n "${PYTHON:-}" ]; then echo "$PYTHON"; return; fi
  local best="" best_version=0 candidate version
  local candidates="python3.14 python3.13 python3.12 python3.11 python3"
  if command -v pyenv >/dev/null 2>&1; then
    candidates="$candidates $(ls -d "$(pyenv root)"/versions/3.1[1-9]*/bin/python3 2>/dev/null | tr '\n' ' ')"
  fi
  for candidate in $candidates; do
    version=$("$candidate" -c 'import sys; print(sys.version_info[0] * 100 + sys.version_info[1])' 2>/dev/null) || continue
    if [ "$version" -ge 311 ] && [ "$version" -gt "$best_version" ]; then
      best=$(command -v "$candidate"); best_version=$version
    fi
  done
  if [ -z "$best" ]; then
    echo "Python 3.11 or newer is needed, and none was found. Install it, then run this again." >&2
    return 1
  fi
  echo "$best"
}

# Create .venv if needed and install the project with the given extras.
# Skips pip when pyproject.toml and the extras have not changed since last time.
ensure_venv() {
  local extras="$1" stamp want
  if [ ! -x "$VENV/bin/python" ] || ! "$VENV/bin/python" -c 'import sys' >/dev/null 2>&1; then
    local python
    python=$(find_python)
    say "Creating a virtual environment in $VENV with $("$python" --version)"
    rm -rf "$VENV"
    "$python" -m venv "$VENV"
    "$VENV/bin/python" -m pip install -q --upgrade pip setuptools
  fi
  stamp="$VENV/.installed"
  want="$extras $(sha256sum pyproject.toml | cut -d' ' -f1)"
  if [ ! -f "$stamp" ] || ! grep -qxF "$want" "$stamp"; then
    say "Installing the project and its dependencies (${extras:-no extras})"
    if [ -n "$extras" ]; then
      "$VENV/bin/python" -m pip install -q -e ".[$extras]"
    else
      "$VENV/bin/python" -m pip install -q -e .
    fi
    echo "$want" >"$stamp"
  fi
  export PATH="$PWD/$VENV/bin:$PATH"
}

port_open() { (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null; }
