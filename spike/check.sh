#!/bin/sh
# Serves spike/out on loopback and prints the page's DOM after it ran in headless Chromium
# (the flags of crates/page-host's CHROMIUM_FLAGS). Usage: spike/check.sh [OUT] [PORT]
set -eu
here=$(cd "$(dirname "$0")" && pwd)
out=${1:-$here/out}
port=${2:-8765}
python3 -m http.server "$port" --bind 127.0.0.1 --directory "$out" >/dev/null 2>&1 &
server=$!
trap 'kill $server' EXIT
sleep 1
profile=$(mktemp -d)
chromium --headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage \
  --disable-background-networking --disable-component-update --disable-sync --no-first-run \
  --user-data-dir="$profile" --virtual-time-budget=5000 --dump-dom "http://127.0.0.1:$port/index.html" 2>/dev/null
rm -rf "$profile"
