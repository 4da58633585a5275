#!/usr/bin/env bash
# Make sure the browser tests' Chromium and the CJK font for Korean text are present (issue #2).
# On Debian as root we install what is missing (and nothing when nothing is); elsewhere we say exactly what is missing
# and stop.
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
if have_chromium && have_cjk && have_dejavu; then exit 0; fi
if [ -f /etc/debian_version ] && [ "$(id -u)" = 0 ]; then
  echo "Installing Chromium and fonts (Debian packages chromium, fonts-noto-cjk, fonts-dejavu-core)..."
  apt-get update
  DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends chromium fonts-noto-cjk fonts-dejavu-core fontconfig
  exit 0
fi
echo "Missing for the tests:" >&2
have_chromium || echo "  - Chromium at /usr/bin/chromium (Debian/Ubuntu: sudo apt-get install chromium)" >&2
have_dejavu || echo "  - the DejaVu Sans font (Debian/Ubuntu: sudo apt-get install fonts-dejavu-core)" >&2
have_cjk || echo "  - the Noto Sans CJK font (Debian/Ubuntu: sudo apt-get install fonts-noto-cjk; macOS: brew install --cask font-noto-sans-cjk)" >&2
exit 1
