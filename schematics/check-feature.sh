#!/usr/bin/env bash
# npm run schematics:check — what CI proves of `nest g feature`: generated into a temporary copy
# of the project, the feature lints, builds, migrates up and down, and passes its own specs and
# the entity check. Needs DATABASE_URL (a server where it may create a scratch database) and
# REDIS_URL, as the e2e suites do under CI.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
: "${DATABASE_URL:?schematics:check needs DATABASE_URL (a PostgreSQL server it may create a database on)}"
FEATURE=gadgets
COPY="$(mktemp -d "${TMPDIR:-/tmp}/conduit-feature-check.XXXXXX")"
SCRATCH="conduit_feature_check_$$"
ADMIN_URL="${DATABASE_URL%/*}/postgres"
cleanup() {
  psql -q "$ADMIN_URL" -c "DROP DATABASE IF EXISTS $SCRATCH" >/dev/null 2>&1 || true
  rm -rf "$COPY"
}
trap cleanup EXIT
say() { printf '\n--- schematics:check: %s\n' "$*"; }

say "copying the project (tracked and new files, not ignored ones) to $COPY"
cd "$ROOT"
git ls-files -z --cached --others --exclude-standard |
  tar --null --files-from=- --ignore-failed-read -cf - 2>/dev/null | tar -C "$COPY" -xf -
ln -s "$ROOT/node_modules" "$COPY/node_modules"
cd "$COPY"

say "npx nest g feature $FEATURE"
npx nest g feature "$FEATURE"
for file in \
  "src/modules/$FEATURE/$FEATURE.module.ts" "src/modules/$FEATURE/$FEATURE.controller.ts" \
  "src/modules/$FEATURE/$FEATURE.service.ts" "src/modules/$FEATURE/$FEATURE.repository.ts" \
  "src/modules/$FEATURE/gadget.entity.ts" "src/modules/$FEATURE/dto/create-gadget.request.ts" \
  "src/modules/$FEATURE/$FEATURE.service.spec.ts" "test/$FEATURE.e2e-spec.ts"; do
  [ -f "$file" ] || { echo "schematics:check: $file was not generated"; exit 1; }
done
ls migrations/*-CreateGadgets.ts >/dev/null || { echo "schematics:check: no migration generated"; exit 1; }
grep -q "GadgetsModule" src/app.module.ts || { echo "schematics:check: AppModule does not import GadgetsModule"; exit 1; }

say "nest g resource still works (the collection extends @nestjs/schematics)"
resource_output="$(npx nest g resource things --type rest --crud --dry-run < /dev/null 2>&1)"
printf '%s\n' "$resource_output"
case "$resource_output" in
  *"CREATE src/modules/things/things.controller.ts"*) ;;
  *) echo "schematics:check: nest g resource did not generate a controller"; exit 1 ;;
esac

say "lint"
npm run lint
say "build"
npm run build

say "its migration, up and down, on a scratch database"
psql -q "$ADMIN_URL" -c "CREATE DATABASE $SCRATCH" >/dev/null
SCRATCH_URL="${DATABASE_URL%/*}/$SCRATCH"
DATABASE_URL="$SCRATCH_URL" npm run --silent migration:run:prod >/dev/null
[ "$(psql -tA "$SCRATCH_URL" -c "SELECT to_regclass('$FEATURE') IS NOT NULL")" = t ] ||
  { echo "schematics:check: the migration did not create $FEATURE"; exit 1; }
DATABASE_URL="$SCRATCH_URL" npx typeorm migration:revert -d dist/infrastructure/database/data-source.js >/dev/null
[ "$(psql -tA "$SCRATCH_URL" -c "SELECT to_regclass('$FEATURE') IS NULL")" = t ] ||
  { echo "schematics:check: reverting did not drop $FEATURE"; exit 1; }

say "its specs, and entities against tables"
npm test -- "src/modules/$FEATURE" "test/$FEATURE.e2e-spec.ts" test/entities-match-tables

say "passed: nest g feature $FEATURE generates a feature that lints, builds, migrates and passes its tests"
