#!/usr/bin/env bash
# Start-up benchmark: wall time of `ilios convert` on a one-page born-digital PDF from a cold JVM,
# run the two ways a user can, side by side and interleaved so machine noise hits both alike:
# `java -jar ilios.jar` and the `./ilios` launcher (class-data-sharing archive). Prints the median
# and the 90th percentile of RUNS runs each. Needs the built jar (./mvnw -DskipTests package).
set -euo pipefail
cd "$(dirname "$0")/../.."
runs=${RUNS:-15}
pdf=${1:-quality/corpus/pdf/prose.latex.pdf}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export ILIOS_DATA_DIR=$work/data ILIOS_CACHE=$work/cache
./ilios convert "$pdf" >/dev/null # makes the archive (the first run only)
java -jar ilios-cli/target/ilios.jar convert "$pdf" >/dev/null # copies the language data
for ((i = 0; i < runs; i++)); do
  for way in jar launcher; do
    start=$(date +%s%N)
    if [[ $way == jar ]]; then
      java -jar ilios-cli/target/ilios.jar convert "$pdf" >/dev/null
    else
      ./ilios convert "$pdf" >/dev/null
    fi
    echo "$way $(( ($(date +%s%N) - start) / 1000000 ))" >> "$work/times"
  done
done
for way in jar launcher; do
  grep "^$way " "$work/times" | cut -d' ' -f2 | sort -n | awk -v way="$way" '
    { t[NR] = $1 } END { printf "%-9s median %4d ms   p90 %4d ms   (%d runs)\n", way,
      t[int((NR + 1) / 2)], t[int(NR * 0.9 + 0.5)], NR }'
done
