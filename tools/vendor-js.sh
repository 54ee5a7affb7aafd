#!/usr/bin/env bash
# Refreshes the vendored browser libraries from the npm registry (no CDN is reachable from the
# product's users' networks, nor from CI). Run by hand when upgrading; the files are committed.
set -euo pipefail
cd "$(dirname "$0")/.."
version="${1:-4.6.1}"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack --silent "chart.js@${version}" >/dev/null 2>&1 && tar xzf "chart.js-${version}.tgz")
target=src/CommunityShare.Server/wwwroot/lib/chart.js
mkdir -p "$target"
cp "$work/package/dist/chart.umd.min.js" "$target/chart.umd.min.js"
cp "$work/package/LICENSE.md" "$target/LICENSE.md"
echo "$version" > "$target/VERSION"
echo "chart.js $version vendored into $target"
