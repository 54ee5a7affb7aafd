#!/usr/bin/env bash
# Runs every test of CommunityShare on a fresh Debian 12 machine with the .NET 10 SDK.
# Installs what the tests need when it can (as root, through apt), says what to install when it
# cannot, and ends with one plain line: "N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")"

# System packages the tests need beyond the SDK: the browser tests drive Debian's Chromium
# (Playwright's own browser download is never used) and need CJK fonts so that Chinese renders as
# text in their screenshots. The PostgreSQL tests will add postgresql.
apt_packages=(chromium fonts-noto-cjk)

missing=()
for p in "${apt_packages[@]}"; do
  dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  else
    echo "The tests need these Debian packages: ${missing[*]}" >&2
    echo "Install them with: sudo apt-get install -y ${missing[*]}" >&2
    exit 1
  fi
fi

results=$(mktemp -d)
# The browser tests leave a PNG of every page they check here (kept with the run's results).
export SCREENSHOT_DIR="${SCREENSHOT_DIR:-$results/screenshots}"
mkdir -p "$SCREENSHOT_DIR"
dotnet tool restore >/dev/null
dotnet test CommunityShare.sln --logger "trx" --results-directory "$results" "$@"
status=$?

passed=0
failed=0
for trx in "$results"/*.trx; do
  [ -e "$trx" ] || continue
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)
  p=$(echo "$counters" | sed -n 's/.* passed="\([0-9]*\)".*/\1/p')
  f=$(echo "$counters" | sed -n 's/.* failed="\([0-9]*\)".*/\1/p')
  passed=$((passed + ${p:-0}))
  failed=$((failed + ${f:-0}))
done
echo "Test results and screenshots: $results" >&2
echo "${passed} passed, ${failed} failed"
if [ "$status" -ne 0 ] || [ "$passed" -eq 0 ]; then
  exit 1
fi
