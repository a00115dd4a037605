#!/usr/bin/env bash
# Fails when dist/ is not exactly what the sources build to.
set -euo pipefail
cd "$(dirname "$0")/.."
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
npx ncc build src/main/action.ts -o "$out" -m --license licenses.txt >/dev/null
npx ncc build src/main/cli.ts -o "$out/cli" -m --license licenses.txt >/dev/null
if ! diff -r dist "$out" >/dev/null; then
  echo "dist/ is not what the sources build to. Run 'npm run build' and commit dist/." >&2
  diff -rq dist "$out" >&2 || true
  exit 1
fi
node scripts/fresh-bundles.js --record
echo "dist/ is up to date."
