#!/usr/bin/env bash
# Issue 14 (item 4): the package moves that made io.vigil.models an acyclic package graph.
# Idempotent: re-run it after merging a branch that still uses the old names. For each moved class
# it (1) git-mv's the source (and its test) if the old file is still there, (2) rewrites every
# fully-qualified use (imports included) in all modules, main and test, Java and Markdown,
# (3) adds the import where a file of the old package used the class unqualified, (4) drops the
# import where a file now sits in the class's own package. Then it formats (spotless:apply) unless
# --no-format is given, because added imports are appended unsorted.
#
# Only class moves are listed here. Not listed (done once, by hand, in the same branch):
# - the simulator (io.vigil.models.sim) and the NAB evaluation (io.vigil.models.eval.nab) moved to
#   the simulation/ module WITHOUT renaming packages, so no Java file needs rewriting for them;
#   a module that uses them needs a dependency on io.vigil:vigil-simulation in its pom.
# - io.vigil.models.sim.PriceTable was deleted: the simulator prices with the one
#   io.vigil.models.profile.PriceTable (CUR usage prefixes now live in sim.BillingWriter).
#
# Deliberately NOT moved (so your code keeps these names): io.vigil.models.finding.MetricBucket,
# although it is the profile's output and belongs in io.vigil.models.profile. Checkpoints and
# savepoints record its class name in keyed state es-window-traffic (uid es-findings-traffic-join,
# with Elasticsearch) and in the async lookup's queue (uid lookup-function-buckets, with
# vigil.functions.lookup, even when empty); a renamed class fails to restore from them. See
# MetricBucketStatePinTest and the README (layout, models). io.vigil.models.policy.FunctionTag stays
# for the same reason (Finding and RemediationAction state).
#
# usage: docs/tools/models-package-moves.sh [--no-format]    (from anywhere in the repository)
set -euo pipefail
cd "$(git rev-parse --show-toplevel)"

# old fully-qualified name -> new fully-qualified name
MOVES=(
  "io.vigil.models.finding.IncidentTracker io.vigil.models.detect.IncidentTracker"
  "io.vigil.models.detect.DetectorSettings io.vigil.models.settings.DetectorSettings"
)

java_and_docs() {
  git ls-files -co --exclude-standard -- '*.java' '*.md' | grep -v '/target/' || true
}

pkg_of() { echo "${1%.*}"; }
simple_of() { echo "${1##*.}"; }
path_of() { echo "${1//.//}"; }

# file -> its package (empty for non-Java)
package_line() { sed -n 's/^package \([a-zA-Z0-9_.]*\);.*/\1/p' "$1" | head -1; }

add_import() { # file fqn
  local file=$1 fqn=$2
  grep -q "^import ${fqn//./\\.};" "$file" && return 0
  if grep -q '^import ' "$file"; then
    # before the first import: google-java-format re-sorts the block
    sed -i "0,/^import /s//import ${fqn};\nimport /" "$file"
  else
    sed -i "s/^\(package [a-zA-Z0-9_.]*;\)/\1\n\nimport ${fqn};/" "$file"
  fi
}

move_file() { # old_fqn new_fqn root (src/main/java or src/test/java) suffix
  local old=$1 new=$2 root=$3 suffix=$4
  local src dst
  for module_root in $(git ls-files -- "*/${root}/$(path_of "$old")${suffix}.java" | sed "s|/${root}/.*||"); do
    src="${module_root}/${root}/$(path_of "$old")${suffix}.java"
    dst="${module_root}/${root}/$(path_of "$new")${suffix}.java"
    [ -f "$src" ] && [ ! -f "$dst" ] || continue
    mkdir -p "$(dirname "$dst")"
    git mv "$src" "$dst"
    sed -i "s/^package $(pkg_of "$old" | sed 's/\./\\./g');/package $(pkg_of "$new");/" "$dst"
    # imports of its new package's classes are now noise
    sed -i "/^import $(pkg_of "$new" | sed 's/\./\\./g')\.[A-Z][A-Za-z0-9_]*;$/d" "$dst"
    # the moved file used its old package's classes unqualified: import the ones it names
    local old_dir="${module_root}/src/main/java/$(path_of "$(pkg_of "$old")")"
    for sibling in "$old_dir"/*.java; do
      [ -f "$sibling" ] || continue
      local name
      name=$(basename "$sibling" .java)
      [ "$name" = package-info ] && continue
      if grep -qw "$name" "$dst"; then add_import "$dst" "$(pkg_of "$old").${name}"; fi
    done
    echo "moved $src -> $dst"
  done
}

for move in "${MOVES[@]}"; do
  read -r old new <<<"$move"
  old_pkg=$(pkg_of "$old")
  new_pkg=$(pkg_of "$new")
  simple=$(simple_of "$old")
  old_re=${old//./\\.}

  move_file "$old" "$new" src/main/java ""
  move_file "$old" "$new" src/test/java Test

  # (2) fully-qualified uses everywhere
  java_and_docs | xargs -r grep -l "\b${old_re}\b" | xargs -r sed -i "s/\b${old_re}\b/${new}/g"

  for f in $(java_and_docs | grep '\.java$' | grep -v 'package-info\.java$' | xargs -r grep -lw "$simple"); do
    pkg=$(package_line "$f")
    # (3) same-package users of the old package now need an import
    if [ "$pkg" = "$old_pkg" ] && [ "$(basename "$f" .java)" != "$simple" ]; then
      add_import "$f" "$new"
    fi
    # (4) an import of a class of one's own package is noise
    if [ "$pkg" = "$new_pkg" ]; then
      sed -i "/^import ${new//./\\.};$/d" "$f"
    fi
  done
done

if [ "${1:-}" != "--no-format" ]; then
  ./mvnw -o -q -B spotless:apply
fi
