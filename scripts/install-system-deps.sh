#!/usr/bin/env bash
# Debian packages the tests use: Chromium (browser tests), PostgreSQL (second database run) and
# Redis (state shared by several application machines).
# Installed only when missing, and only as root or in CI; elsewhere those tests are skipped.
set -euo pipefail
wanted=(chromium chromium-driver postgresql redis-server)
missing=()
for package in "${wanted[@]}"; do
  dpkg -s "$package" >/dev/null 2>&1 || missing+=("$package")
done
[ ${#missing[@]} -eq 0 ] && exit 0
if ! command -v apt-get >/dev/null 2>&1; then
  echo "note: no apt-get here; missing ${missing[*]}: browser/PostgreSQL tests will be skipped." >&2
  exit 0
fi
if [ "$(id -u)" -eq 0 ]; then
  sudo=()
elif [ -n "${CI:-}" ] && command -v sudo >/dev/null 2>&1; then
  sudo=(sudo)
else
  echo "note: not root, so not installing ${missing[*]}; the tests that need them will be skipped." >&2
  exit 0
fi
echo "Installing ${missing[*]} (Debian packages) …"
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update -qq || true
"${sudo[@]}" apt-get install -y -qq "${missing[@]}" >/dev/null
