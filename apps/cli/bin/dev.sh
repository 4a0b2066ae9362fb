#!/usr/bin/env bash
# `pnpm myriad …` from the repo root: build the CLI and what it depends on
# (turbo, cached: a no-op when nothing changed), quietly, then run it.
set -euo pipefail
root="$(cd "$(dirname "$0")/../../.." && pwd)"
log="$(mktemp)"
trap 'rm -f "$log"' EXIT
if ! (cd "$root" && pnpm exec turbo run build --filter=@myriad/cli... --output-logs=errors-only >"$log" 2>&1); then
  cat "$log" >&2
  echo "myriad: the build failed (above)" >&2
  exit 1
fi
rm -f "$log"
trap - EXIT
exec node "$root/apps/cli/dist/main.js" "$@"
