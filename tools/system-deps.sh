#!/usr/bin/env bash
# Make sure the browser tests' Chromium, the CJK font for Korean text (issue #2) and HAProxy for `make serve` (issue #8)
# are present. On Debian as root we install what is missing, and only that (a package already installed is never
# upgraded as a side effect); elsewhere we say exactly what is missing and stop.
#
# The font checks read fc-list's whole output before matching (issue #7): piping fc-list into an early-exiting grep fails
# at random, because grep -q exits at its first match and fc-list then dies of SIGPIPE.
set -euo pipefail
fonts=""
if command -v fc-list >/dev/null; then fonts=$(fc-list : family 2>/dev/null || true); fi
have_chromium() { [ -x /usr/bin/chromium ]; }
have_font() { [[ "${fonts,,}" == *"${1,,}"* ]]; }
have_cjk() { have_font 'Noto Sans CJK'; }
# DejaVu Sans fills in the few Latin letters Noto Sans CJK lacks (ğ in Muğla) in the briefing pack.
have_dejavu() { have_font 'DejaVu Sans'; }
# Debian puts haproxy in /usr/sbin, off an ordinary user's PATH; running it proves it works (tools/serve.py runs it).
have_haproxy() { "$(command -v haproxy || echo /usr/sbin/haproxy)" -v >/dev/null 2>&1; }
missing=""
have_chromium || missing="$missing chromium"
have_cjk || missing="$missing fonts-noto-cjk fontconfig"
have_dejavu || missing="$missing fonts-dejavu-core fontconfig"
have_haproxy || missing="$missing haproxy"
if [ -z "$missing" ]; then exit 0; fi
if [ -f /etc/debian_version ] && [ "$(id -u)" = 0 ]; then
  packages=$(printf '%s\n' $missing | sort -u | tr '\n' ' ')
  echo "Installing the Debian packages that are missing: $packages"
  apt-get update
  # shellcheck disable=SC2086 # one word per package
  DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends $packages
  exit 0
fi
echo "Missing for the tests:" >&2
have_chromium || echo "  - Chromium at /usr/bin/chromium (Debian/Ubuntu: sudo apt-get install chromium)" >&2
have_dejavu || echo "  - the DejaVu Sans font (Debian/Ubuntu: sudo apt-get install fonts-dejavu-core)" >&2
have_cjk || echo "  - the Noto Sans CJK font (Debian/Ubuntu: sudo apt-get install fonts-noto-cjk; macOS: brew install --cask font-noto-sans-cjk)" >&2
have_haproxy || echo "  - HAProxy, for make serve (Debian/Ubuntu: sudo apt-get install haproxy; macOS: brew install haproxy)" >&2
exit 1
