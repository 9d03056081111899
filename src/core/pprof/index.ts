/**
 * pprof profiles for gomem: one normalized model and pure aggregation functions that give the
 * same numbers as `go tool pprof`. Everything exported here is browser-safe (no Node modules), so
 * the webview bundle can import it; reading gzipped files lives in `./node` (Node only).
 *
 * Loading
 * - Node: `loadProfile(bytes, { maxInflatedBytes })` from `src/core/pprof/node.ts` gunzips (with a
 *   size limit) and then calls `parseProfile`.
 * - `loadFlatProfile` / `parseFlatProfile` give a `FlatProfile`: the same tables, and the samples as
 *   one `SampleTable` of typed arrays (no object per sample, no labels or goroutines). For code that
 *   never needs Sample objects, such as the viewer's decoding worker: a 148k-sample profile
 *   decodes in about half the time. `flatFlameTree` and `flatFunctionValues` (top.ts) aggregate it
 *   as `flameTree` and `functionValues` do the Profile; `sampleTableOf(samples, typeCount)` makes a
 *   table of Sample objects.
 * - Anywhere: `parseProfile(bytes)` takes already-inflated bytes: a raw pprof protobuf, or Go's text
 *   formats (`heap profile: ...` from debug=1 heap/allocs, `goroutine profile: N @ ...` from debug=1
 *   (threadcreate and goroutineleak alike; the runtime frames Go does not name there are kept by address),
 *   the full `goroutine N [state]:` dump of debug=2, `--- mutex:`/`--- contention:` of debug=1).
 * - Bad input throws `ProfileError`; its `message` is one user-facing sentence (show it as is).
 *   Protobuf is read as pprof's parser reads it: unknown fields skipped, uint64 ids exact, damaged
 *   messages (numbers cut off, fields past their message's end, wrong wire types) refused.
 * - Memory: pass `budget: MemoryBudget.ofMegabytes(n, '--flag that raises it')`; decoding counts
 *   what it keeps (typed arrays included, which no heap limit sees) and throws ProfileBudgetError
 *   past it. Flat profiles keep one entry per distinct stack (values summed), so 30 million
 *   samples over few stacks take little; `profileOfFlat(flat, budget)` makes Sample objects of it.
 *
 * Model (`Profile`, see model.ts): `sampleTypes[{type, unit}]`, `defaultSampleIndex` (pprof's
 * default: default_sample_type when set, else the last), `functions[{name, file, startLine}]`
 * (merged by name, as pprof's "functions" granularity), `frames[{functionIndex, file, line,
 * inlined}]`, `locations[{frames: frame ids innermost first, mappingFile}]` and
 * `samples[{locations: location ids leaf first, values: one per sample type, labels?, numLabels?,
 * goroutines?}]` (goroutines: the states and wait times of a debug=2 dump, per stack).
 *
 * Aggregation (all pure, all take a sample index; pass `applyFilters(profile, filters)` first).
 * The model is plain data (arrays, strings, numbers). Flame trees use typed arrays, which VS Code's
 * webview postMessage carries as such; JSON.stringify does not (use Array.from first).
 * - `sampleIndexByName(profile, name?)`: pprof's -sample_index rules (number, type, `inuse_` alias).
 * - `applyFilters(profile, {focus, ignore, hide, show})`: regular expressions matched against
 *   function names, file names and mapping files with pprof's semantics (focus keeps samples with
 *   a matching location, ignore drops them, hide removes matching frames, show keeps only those).
 *   Throws ProfileError for an invalid expression. Returns a new Profile sharing the tables.
 * - `profileTotal(profile, sampleIndex)`: the total pprof prints (sum of absolute values). pprof
 *   takes it BEFORE filtering: pass `profileTotal(unfiltered, i)` as the `total` of topTable /
 *   topReport for a filtered profile so percentages match pprof's.
 * - `topTable(profile, sampleIndex, total?)`: `{total, rows[{functionIndex, function, file, line,
 *   flat, cum}]}` for every function, flat to the leaf frame, cum once per sample even under recursion,
 *   sorted like `pprof -top` (flat desc, name); `sortTopRows(rows, 'cum')` re-sorts like `-cum`.
 * - `topReport(profile, options)`: the rows and header lines `go tool pprof -top` prints (node
 *   fraction trimming, -nodecount, "(inline)" marks); `formatTopReport(report)` gives its text.
 * - `flameTree(profile, sampleIndex, {minTotal?, path?})`: a compact icicle tree in DFS preorder
 *   (typed arrays `functionIndex`, `depth`, `parent`, `total`, `self`; node 0 is the root holding
 *   the total); children follow their parent contiguously, ordered by function name, so x offsets
 *   are running sums. `minTotal` leaves out subtrees too thin to draw, and is not paid for: they
 *   are never built (a 148k-sample profile has 2.5M nodes; total/4000 keeps about 3,000, built in
 *   ~70 ms). `path` (function indices, root's child first) builds only the subtree under that call
 *   path, after one node per path step: a zoomed view at full detail. The samples' stacks are
 *   cached per samples array, so further sample types and paths cost less.
 *   Names: `profile.functions[functionIndex].name`.
 * - `lineTable(profile, sampleIndex, functionIndex)`: flat/cum per source line of one function
 *   (pprof's lines granularity) for a source view: `[{file, line, flat, cum}]`.
 * - `diffProfile(base, next)`: the merged profile `go tool pprof -diff_base` builds (base negated),
 *   so topReport/flameTree give signed deltas; `diffTotal` is pprof's total for it (the base's);
 *   `incomparableReason` says in one sentence why two profiles cannot be compared;
 *   `functionDeltas` gives base/new/delta per function name for a viewer. compare.ts has the
 *   viewer's compare mode: `filterDiff` (filters per side), `compareTable` (base, new and change
 *   per function), `sourceView` (pprof -list of one function, with the base's part when comparing);
 *   `flameTree(diff.profile, i, { baseSampleStart })` gives a tree of base + new widths with the
 *   base's part per node.
 * - `byLines(profile)`: pprof's lines granularity (`-lines`) as a profile whose functions are lines.
 * - `listRoutines` / `formatListing`: `go tool pprof -list` (per-line flat/cum of matching functions).
 * - `snapshotValues` / `growthReport` (growth.ts): flat per function over a series, ranked by growth.
 * - `peek(profile, sampleIndex, functionIndex)`: pprof's peek: `{flat, cum, callers, callees}`, each
 *   edge with the value of the samples through it (once per sample).
 * - `goroutineGroups(profile)` (goroutines.ts): a goroutine profile's goroutines grouped by state,
 *   wait, blocking frames and creating go statement, leak suspects marked with the reason.
 * - `formatValue(value, unit)`: pprof's auto-scaled label ("1.50MB", "120ms", "42");
 *   `formatPercent(value, total)`: pprof's percentage ("12.50%", " 0.5%").
 */
export * from './model';
export { parseProfile, parseFlatProfile, profileOfFlat } from './parse';
export { MemoryBudget, ProfileBudgetError, DEFAULT_MAX_MEMORY_MEGABYTES } from './budget';
export { sampleIndexByName, profileTotal } from './sampleIndex';
export { applyFilters, compileFilters } from './filters';
export type { ProfileFilters, CompiledFilters } from './filters';
export { topTable, topTableOf, sortTopRows, functionValues, flatFunctionValues } from './top';
export type { FunctionValues } from './top';
export type { TopRow, TopTable } from './top';
export { topReport, formatTopReport } from './topReport';
export type { TopReport, TopReportOptions } from './topReport';
export { flameTree, flatFlameTree, prepareFlameTree } from './flame';
export { lineTable } from './lines';
export type { LineRow } from './lines';
export type { FlameTree, FlameOptions } from './flame';
export { formatValue, formatPercent, scaledLabel } from './format';
export { peek } from './peek';
export type { Peek, PeekEdge } from './peek';
export { goroutineGroups, isGoroutineProfile } from './goroutines';
export type { GoroutineGroup, GoroutineReport, SourcePlace } from './goroutines';
export { diffProfile, diffTotal, incomparableReason, functionDeltas } from './diff';
export { compareTable, filterDiff, sourceView } from './compare';
export type { CompareRow, CompareTable, SourceView, SourceViewLine } from './compare';
export type { DiffProfile, FunctionDelta } from './diff';
export { byLines } from './granularity';
export { listRoutines, listedRange, formatListing, sourceLines } from './list';
export type { ListedRoutine, ListedLine, SourceReader } from './list';
export { snapshotValues, growthReport, inTimeOrder } from './growth';
export type { SnapshotValues, GrowthReport, GrowthRow } from './growth';
