#!/usr/bin/env bash
# Regenerates test/fixtures/pprof/expected-diff/ with the real `go tool pprof` (Go 1.19 here): the
# -diff_base, -lines and -list outputs gomem's diff, `top --lines` and source listing are compared
# with. leak_server/snapshot*.pb.gz were captured from test/fixtures/pprof/leak_server with
# `gomem profile capture --every 1s --count 5` (heap) and `--kind allocs`. Outputs are committed.
set -euo pipefail
cd "$(dirname "$0")/../../test/fixtures/pprof"
export GOTOOLCHAIN=local GOPROXY=off
pprof() { go tool pprof "$@" 2>&1; }
out=expected-diff
rm -rf "$out" && mkdir -p "$out"

# BASE NEW sample-type variant: variant is top, cum, nf0 (-nodefraction=0) or limit5 (-nodecount=5).
while read -r base new type variant; do
  flags=(-top "-sample_index=$type")
  case $variant in
    cum) flags+=(-cum) ;;
    nf0) flags+=(-nodefraction=0) ;;
    limit5) flags+=(-nodecount=5) ;;
  esac
  pprof "${flags[@]}" "-diff_base=$base.pb.gz" "$new.pb.gz" > "$out/${base//\//+}__${new//\//+}__${type}__${variant}.diff.txt"
done <<'PAIRS'
leak_server/snapshot1.heap leak_server/snapshot5.heap inuse_space top
leak_server/snapshot1.heap leak_server/snapshot5.heap inuse_objects cum
leak_server/snapshot2.heap leak_server/snapshot4.heap alloc_space nf0
leak_server/snapshot5.heap leak_server/snapshot1.heap inuse_space limit5
cache_leak.heap pool_leak.heap inuse_space top
cache_leak.heap pool_leak.heap alloc_objects cum
pool_leak.allocs goroutine_leak.allocs alloc_space nf0
goroutine_leak.goroutine pool_leak.goroutine goroutine top
cache_leak.goroutine goroutine_leak.goroutine goroutine cum
PAIRS

# -top -lines, per profile and sample type.
while read -r profile type; do
  pprof -top -lines "-sample_index=$type" "$profile.pb.gz" > "$out/${profile//\//+}__${type}.lines.txt"
  pprof -top -lines -nodefraction=0 "-sample_index=$type" "$profile.pb.gz" > "$out/${profile//\//+}__${type}__nf0.lines.txt"
done <<'LINES'
leak_server/snapshot5.heap inuse_space
leak_server/snapshot6.allocs alloc_objects
cache_leak.heap alloc_space
pool_leak.heap inuse_objects
pool_leak.cpu cpu
goroutine_leak.goroutine goroutine
LINES

# -list with the programs' sources (their recorded paths are under /tmp/pprof-probe/out/NAME).
while read -r profile type regex; do
  name=${profile%%.*}
  pprof -list "$regex" "-sample_index=$type" "-source_path=$PWD/$name" "-trim_path=/tmp/pprof-probe/out/$name" "$profile.pb.gz" > "$out/${profile}__${type}__${regex//[^A-Za-z0-9]/_}.list.txt"
done <<'LIST'
cache_leak.heap inuse_space loadUserFromDB
cache_leak.heap alloc_objects ^main\.
pool_leak.heap alloc_space ^main\.
goroutine_leak.heap inuse_space ^main\.
LIST
