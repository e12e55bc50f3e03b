#!/usr/bin/env bash
# Checks a deployed API from the outside, as a client would: the unauthenticated config route
# answers its JSON (database and cache reached), and a user route turns away a request without
# a token in the API's error shape (signing key linked), or says the app is in maintenance.
# Fails on anything else, so a broken deploy fails its workflow.
# Usage: smoke.sh <api-url>
set -euo pipefail
api="${1%/}"
[[ "$api" =~ ^https?:// ]] || { echo "smoke.sh: no API URL given ('$api')" >&2; exit 1; }
body=$(mktemp)
trap 'rm -f "$body"' EXIT

# expect <path> <jq condition on $status and the body>
expect() {
  local path="$1" condition="$2" status
  # Retries while a new deployment settles (refused connections, 5xx), never on what it answered.
  status=$(curl --silent --show-error --output "$body" --write-out '%{http_code}' --max-time 15 \
    --retry "${SMOKE_RETRIES:-5}" --retry-delay 3 --retry-connrefused \
    "$api$path") || status=0
  if ! jq -e --argjson status "$status" "$condition" "$body" >/dev/null 2>&1; then
    echo "Smoke test failed: GET $path answered $status; expected $condition" >&2
    head -c 500 "$body" >&2 || true
    echo >&2
    exit 1
  fi
  echo "GET $path → $status"
}

expect /v1/app/config '$status == 200 and has("maintenance") and has("catalogVersion")'
expect /v1/me '($status == 401 and .error.code == "unauthorized") or ($status == 503 and .error.code == "maintenance")'
echo "Smoke test passed: $api"
