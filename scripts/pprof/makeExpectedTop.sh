#!/usr/bin/env bash
# Regenerates test/fixtures/pprof/expected/*.txt with the real `go tool pprof` (Go 1.19 here), so the
# unit tests compare gomem's numbers and text with pprof's without needing Go. Run once after
# changing fixtures; the outputs are committed. With arguments (profile files in
# test/fixtures/pprof), records only those profiles' -top outputs.
set -euo pipefail
cd "$(dirname "$0")/../../test/fixtures/pprof"
mkdir -p expected
export GOTOOLCHAIN=local GOPROXY=off
pprof() { go tool pprof "$@" 2>/dev/null; }
if [ $# -gt 0 ]; then profiles=("$@"); else profiles=(*.pb.gz); fi
for profile in "${profiles[@]}"; do
  name=${profile%.pb.gz}
  types=$(pprof -raw "$profile" | awk '/^Samples:/{getline; print; exit}' | sed 's/\[dflt\]//g')
  for entry in $types; do
    type=${entry%/*}
    unit=${entry#*/}
    pprof -top -sample_index="$type" "$profile" > "expected/${name}__${type}__top.txt"
    pprof -top -cum -sample_index="$type" "$profile" > "expected/${name}__${type}__cum.txt"
    # Exact values: no unit scaling, no trimming.
    case $unit in
      bytes) raw=b ;;
      nanoseconds) raw=ns ;;
      *) raw=minimum ;;
    esac
    pprof -top -nodefraction=0 -unit="$raw" -sample_index="$type" "$profile" > "expected/${name}__${type}__raw.txt"
  done
  pprof -top -nodecount=3 "$profile" > "expected/${name}__default__nodecount3.txt"
done
[ $# -gt 0 ] && exit 0

# Go text profiles: pprof reads them without symbols (one "<unknown>" node), so only its totals in
# raw units are recorded, per sample type.
mkdir -p expected-text
for profile in textgen.*.debug1.txt; do
  name=${profile%.txt}
  for type in $(pprof -raw "$profile" | awk '/^Samples:/{getline; print; exit}' | sed 's/\[dflt\]//g'); do
    case ${type#*/} in
      bytes) raw=b ;;
      nanoseconds) raw=ns ;;
      *) raw=minimum ;;
    esac
    pprof -top -nodefraction=0 -unit="$raw" -sample_index="${type%/*}" "$profile" | grep '^Showing nodes' > "expected-text/${name}__${type%/*}__total.txt"
  done
done

# Filters: pprof takes the total before filtering; the test keeps the same table of cases.
mkdir -p expected-filters
while read -r name flag value; do
  pprof -top -sample_index=alloc_space "-$flag=$value" pool_leak.heap.pb.gz > "expected-filters/pool_leak.heap__${name}.txt"
done <<'CASES'
focus_readfrom focus ReadFrom
ignore_runtime ignore runtime
hide_nethttp hide net/http
show_bytes show bytes
focus_nomatch focus nomatch
CASES

# The large generated profile (slow for pprof: about a minute per run).
if [ -f large/large.heap.pb.gz ]; then
  mkdir -p large/expected
  pprof -top large/large.heap.pb.gz > large/expected/large.heap__alloc_space__top.txt
  pprof -top -cum -sample_index=alloc_objects large/large.heap.pb.gz > large/expected/large.heap__alloc_objects__cum.txt
fi
