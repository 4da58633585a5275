#!/usr/bin/env bash
# Make sure the browser tests' Chromium, the CJK font for Korean text (issue #2), HAProxy, nginx with its brotli
# module and the brotli command for `make serve` (issue #8), and poppler and the libraries WeasyPrint loads for the
# briefing pack (issue #10) are present. On Debian as root we install what is missing,
# and only that (a package already installed is never upgraded as a side effect); elsewhere we say exactly what is
# missing and stop.
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
# nginx serves make serve's static files; also in /usr/sbin on Debian.
have_nginx() { "$(command -v nginx || echo /usr/sbin/nginx)" -v >/dev/null 2>&1; }
# brotli_static: Debian's module file (nginx loads it from tools/serve.py's config), or compiled into nginx.
have_nginx_brotli() {
  [ -f /usr/lib/nginx/modules/ngx_http_brotli_static_module.so ] && return 0
  local version
  version=$("$(command -v nginx || echo /usr/sbin/nginx)" -V 2>&1 || true)
  [[ "$version" == *brotli* ]]
}
# The command that makes the .br copies (tools/serve.py runs it).
have_brotli() { brotli -V >/dev/null 2>&1; }
# poppler's pdftotext, pdfinfo and pdffonts read the briefing pack in the tests (issue #10), a third reader.
have_poppler() { pdftotext -v >/dev/null 2>&1; }
# WeasyPrint sets the briefing pack (issue #10): it loads Pango (1.44 or newer), PangoFT2, HarfBuzz's subsetter and
# fontconfig at run time. The library list is read whole before matching, as fc-list's is.
libraries=""
if command -v ldconfig >/dev/null; then libraries=$(ldconfig -p 2>/dev/null || true)
elif [ -x /sbin/ldconfig ]; then libraries=$(/sbin/ldconfig -p 2>/dev/null || true); fi
have_library() { [[ "$libraries" == *"$1"* ]]; }
have_weasyprint_libs() {
  have_library libpango-1.0.so.0 && have_library libpangoft2-1.0.so.0 && have_library libharfbuzz-subset.so.0 \
    && have_library libfontconfig.so.1
}
missing=""
have_chromium || missing="$missing chromium"
have_cjk || missing="$missing fonts-noto-cjk fontconfig"
have_dejavu || missing="$missing fonts-dejavu-core fontconfig"
have_haproxy || missing="$missing haproxy"
have_nginx || missing="$missing nginx"
have_nginx_brotli || missing="$missing libnginx-mod-http-brotli-static"
have_brotli || missing="$missing brotli"
have_poppler || missing="$missing poppler-utils"
have_weasyprint_libs || missing="$missing libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 libfontconfig1"
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
have_nginx || echo "  - nginx, for make serve's static files (Debian/Ubuntu: sudo apt-get install nginx; macOS: brew install nginx)" >&2
have_nginx_brotli || echo "  - nginx's brotli_static module (Debian/Ubuntu: sudo apt-get install libnginx-mod-http-brotli-static)" >&2
have_brotli || echo "  - the brotli command (Debian/Ubuntu: sudo apt-get install brotli; macOS: brew install brotli)" >&2
have_weasyprint_libs || echo "  - Pango, PangoFT2, HarfBuzz and fontconfig for the briefing pack's WeasyPrint (Debian/Ubuntu: sudo apt-get install libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 libfontconfig1; macOS: brew install pango)" >&2
have_poppler || echo "  - poppler's pdftotext, pdfinfo and pdffonts (Debian/Ubuntu: sudo apt-get install poppler-utils; macOS: brew install poppler)" >&2
exit 1
