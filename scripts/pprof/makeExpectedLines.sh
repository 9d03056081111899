#!/usr/bin/env bash
# Regenerates test/fixtures/pprof/expected-lines/ with the real `go tool pprof -list` (Go 1.19
# here): the per-line flat and cum that gomem's line figures (src/core/pprof/lineFigures.ts) are
# compared with, for every sample type of several profiles and for a -diff_base. Outputs are committed.
set -euo pipefail
cd "$(dirname "$0")/../../test/fixtures/pprof"
export GOTOOLCHAIN=local GOPROXY=off
out=expected-lines
rm -rf "$out" && mkdir -p "$out"

# PROFILE SAMPLE-TYPE [BASE]: -list of the program's own functions, sources from its folder.
while read -r profile type base; do
  name=${profile%%[./]*}
  # leak_server's snapshots were captured from a worktree of this repository, the others under /tmp.
  trim=/tmp/pprof-probe/out/$name
  [ "$name" = leak_server ] && trim=/work/wt/i10-leakhunt/test/fixtures/pprof/leak_server
  flags=(-list '^main\.' "-sample_index=$type" "-source_path=$PWD/$name" "-trim_path=$trim")
  suffix=""
  if [ -n "${base:-}" ]; then flags+=("-diff_base=$base.pb.gz"); suffix="__base_${base//\//+}"; fi
  go tool pprof "${flags[@]}" "$profile.pb.gz" > "$out/${profile//\//+}__${type}${suffix}.list.txt" 2>&1
done <<'LIST'
pool_leak.heap alloc_space
pool_leak.heap alloc_objects
pool_leak.heap inuse_space
pool_leak.heap inuse_objects
pool_leak.cpu cpu
pool_leak.goroutine goroutine
cache_leak.heap inuse_space
cache_leak.allocs alloc_space
goroutine_leak.goroutine goroutine
goroutine_leak.allocs alloc_objects
leak_server/snapshot5.heap inuse_space
leak_server/snapshot6.allocs alloc_space
leak_server/snapshot5.heap inuse_space leak_server/snapshot1.heap
leak_server/snapshot5.heap inuse_objects leak_server/snapshot2.heap
LIST
