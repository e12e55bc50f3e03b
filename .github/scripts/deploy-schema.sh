#!/usr/bin/env bash
# Deploys a branch's schema into another through a PlanetScale deploy request and returns only
# once PlanetScale has applied it. `pscale deploy-request deploy --wait` is not enough: it gives
# up after five minutes while the deployment goes on, and returns at `pending_cutover` when the
# request does not apply itself, so code could ship before its schema. This script waits as
# long as the deployment moves, applies a gated cutover, and fails on any error state.
# Usage: deploy-schema.sh <database> <branch> <into> <notes>
# Writes `number` and `state` to $GITHUB_OUTPUT and the request to the job summary.
# DEPLOY_WAIT_SECONDS (default 10) is the pause between checks; DEPLOY_MAX_CHECKS (default 600) bounds the wait.
set -euo pipefail
database="$1"
branch="$2"
into="$3"
notes="$4"
pause="${DEPLOY_WAIT_SECONDS:-10}"
max_checks="${DEPLOY_MAX_CHECKS:-600}"
org=(--org "$PLANETSCALE_ORG")

request=$(pscale deploy-request create "$database" "$branch" --into "$into" --notes "$notes" "${org[@]}" --format json)
number=$(jq -r '.number' <<<"$request")
[[ "$number" =~ ^[0-9]+$ ]] || { echo "pscale returned no deploy request number" >&2; exit 1; }
echo "number=$number" >>"${GITHUB_OUTPUT:-/dev/null}"
echo "Deploy request #$number: $branch → $into"

state_of_request() {
  pscale deploy-request show "$database" "$number" "${org[@]}" --format json | jq -r '.deployment.state'
}

deployed=false
applied=false
for ((check = 1; check <= max_checks; check++)); do
  state=$(state_of_request)
  case "$state" in
    pending | submitting | queued | in_progress | in_progress_vschema | in_progress_cutover) ;;
    ready)
      if [ "$deployed" = false ]; then
        pscale deploy-request deploy "$database" "$number" "${org[@]}"
        deployed=true
      fi
      ;;
    no_changes)
      # The branch has the schema `into` has: nothing to deploy.
      pscale deploy-request close "$database" "$number" "${org[@]}"
      break
      ;;
    pending_cutover)
      # Gated (auto-apply off): staged and waiting for us to swap to the new schema.
      if [ "$applied" = false ]; then
        pscale deploy-request apply "$database" "$number" "${org[@]}"
        applied=true
      fi
      ;;
    complete | complete_pending_revert) break ;;
    *)
      echo "Deploy request #$number stopped at '$state'; the code is not deployed." >&2
      exit 1
      ;;
  esac
  sleep "$pause"
done
case "$state" in
  complete | complete_pending_revert | no_changes) ;;
  *)
    echo "Deploy request #$number still '$state' after $max_checks checks; the code is not deployed." >&2
    exit 1
    ;;
esac
echo "state=$state" >>"${GITHUB_OUTPUT:-/dev/null}"
echo "Deploy request #$number: $state"
{
  echo "### Schema"
  echo "Deploy request #$number ($branch → $into): \`$state\`."
  if [ "$state" = complete_pending_revert ]; then
    echo "Revertible for 30 minutes: \`pscale deploy-request revert $database $number --org $PLANETSCALE_ORG\` (see README, Runbook)."
  fi
} >>"${GITHUB_STEP_SUMMARY:-/dev/null}"
