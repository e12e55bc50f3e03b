#!/usr/bin/env bash
# Prints a PlanetScale HTTP-driver URL (https://user:password@host) for a branch, made from a
# password that expires in an hour, and masks the password in the job log.
# Usage: planetscale-url.sh <database> <branch>; needs PLANETSCALE_SERVICE_TOKEN_ID/_TOKEN and PLANETSCALE_ORG.
set -euo pipefail
database="$1"
branch="$2"
credentials=$(pscale password create "$database" "$branch" "ci-${GITHUB_RUN_ID:-local}-$RANDOM" \
  --org "$PLANETSCALE_ORG" --role admin --ttl 3600 --format json)
username=$(jq -r '.username' <<<"$credentials")
password=$(jq -r '.plain_text' <<<"$credentials")
host=$(jq -r '.access_host_url' <<<"$credentials")
echo "::add-mask::$password"
echo "https://${username}:${password}@${host}"
