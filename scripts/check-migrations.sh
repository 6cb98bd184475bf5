#!/usr/bin/env bash
# Fails when the model has changed without a migration, for either store (docs/decisions/0001). CI runs it; so can you
# before pushing. To add the migration it asks for, see docs/decisions/0001 ("Adding a change").
set -euo pipefail
cd "$(dirname "$0")/.."
configuration=${CARRIERLINK_BUILD_CONFIGURATION:-Debug}
dotnet tool restore >/dev/null
[ "${CARRIERLINK_PREBUILT:-0}" = 1 ] || dotnet build src/CarrierLink.Web -c "$configuration" --nologo -v quiet >/dev/null
status=0
for context in SqliteCarrierLinkDb PostgresCarrierLinkDb; do
  if ! dotnet ef migrations has-pending-model-changes --project src/CarrierLink.Web --configuration "$configuration" --context "$context" --no-build; then
    echo "$context: the model has changes without a migration." >&2
    status=1
  fi
done
exit $status
