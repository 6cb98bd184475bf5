#!/usr/bin/env bash
# The whole test suite, set up from nothing but the .NET SDK and PostgreSQL's binaries:
# starts a private PostgreSQL on loopback, runs every test project, stops PostgreSQL, and prints
#   Suite wall time: M min S s
#   Tests: N passed, N failed[, N skipped]
# computed from the TRX results. Exits non-zero when anything failed.
set -uo pipefail
cd "$(dirname "$0")/.."

started=$SECONDS
results=TestResults
rm -rf "$results"
mkdir -p "$results"

pgdir=$(mktemp -d /tmp/carrierlink-pg.XXXXXX)
cleanup() { scripts/postgres.sh stop "$pgdir"; }
trap cleanup EXIT

if ! CARRIERLINK_TEST_POSTGRES=$(scripts/postgres.sh start "$pgdir"); then
  echo "Could not start PostgreSQL for the tests (see $pgdir/*.log)." >&2
  cat "$pgdir"/*.log >&2 2>/dev/null || true
  echo "Tests: 0 passed, 1 failed"
  exit 1
fi
export CARRIERLINK_TEST_POSTGRES

# Debug unless told otherwise; CI builds once in Release and runs the tests on that build (CARRIERLINK_PREBUILT=1:
# even an up-to-date build costs CI's 2 cores a quarter of a minute).
configuration=${CARRIERLINK_BUILD_CONFIGURATION:-Debug}
build_status=0
if [ "${CARRIERLINK_PREBUILT:-0}" != 1 ]; then
  dotnet build CarrierLink.slnx -c "$configuration" --nologo -v quiet
  build_status=$?
fi
test_status=0
if [ "$build_status" -eq 0 ]; then
  dotnet test CarrierLink.slnx -c "$configuration" --no-build --nologo \
    --logger "trx" --logger "console;verbosity=normal" --results-directory "$results" \
    -- RunConfiguration.TestSessionTimeout=1500000
  test_status=$?
fi

# Sum the counters of every TRX file the run wrote.
passed=0; failed=0; skipped=0; files=0
for trx in "$results"/*.trx; do
  [ -f "$trx" ] || continue
  files=$((files + 1))
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)
  value() { echo "$counters" | grep -o " $1=\"[0-9]*\"" | grep -o '[0-9]*' || echo 0; }
  passed=$((passed + $(value passed)))
  failed=$((failed + $(value failed) + $(value error) + $(value timeout) + $(value aborted)))
  skipped=$((skipped + $(value notExecuted)))
done

if [ "$build_status" -ne 0 ] || [ "$files" -eq 0 ]; then
  echo "The build or the test host failed before any results were written." >&2
  failed=$((failed + 1))
fi
if [ "$test_status" -ne 0 ] && [ "$failed" -eq 0 ]; then
  echo "dotnet test exited with $test_status although no test failed (a crashed test host?)." >&2
  failed=1
fi

# Everything this script did: the private PostgreSQL, the build and every test project (issue 16: the suite must stay
# well inside CI's budget, so each run says how long it took).
elapsed=$((SECONDS - started))
echo "Suite wall time: $((elapsed / 60)) min $((elapsed % 60)) s"

line="Tests: $passed passed, $failed failed"
[ "$skipped" -gt 0 ] && line="$line, $skipped skipped"
echo "$line"
[ "$failed" -eq 0 ]
