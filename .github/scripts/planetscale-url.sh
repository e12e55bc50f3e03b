#!/usr/bin/env bash
# Creates a PlanetScale password for a branch that expires in an hour, has the runner mask it,
# and writes the HTTP driver's URL (https://user:password@host) into a file only this user can
# read. Nothing secret goes to stdout except the mask commands themselves, which must reach the
# runner: a caller capturing this script's stdout with $(…) would swallow them.
# Usage: planetscale-url.sh <database> <branch> <role> <file>
#   role: admin to migrate (DDL), readwriter to seed. Needs PLANETSCALE_ORG and the service
#   token (PLANETSCALE_SERVICE_TOKEN_ID, PLANETSCALE_SERVICE_TOKEN) in the environment.
set -euo pipefail
database="$1"
branch="$2"
role="$3"
file="$4"
credentials=$(pscale password create "$database" "$branch" "ci-${GITHUB_RUN_ID:-local}-${branch}-${RANDOM}" \
  --org "$PLANETSCALE_ORG" --role "$role" --ttl 3600 --format json)
password=$(jq -r '.plain_text' <<<"$credentials")
encoded_password=$(jq -r '.plain_text | @uri' <<<"$credentials")
echo "::add-mask::$password"
[ "$encoded_password" = "$password" ] || echo "::add-mask::$encoded_password"
username=$(jq -r '.username | @uri' <<<"$credentials")
host=$(jq -r '.access_host_url' <<<"$credentials")
umask 077
printf 'https://%s:%s@%s\n' "$username" "$encoded_password" "$host" >"$file"
