/**
 * Findings backed by a profile's evidence (issue 11.3). Shared by `gomem lint --profile` and the
 * language server:
 * - `buildEvidenceIndex(profile, sampleIndex)` (profileIndex.ts): one pass over the samples; the
 *   value per recorded (file, line) and per (file, declared function), closures folded into the
 *   function declaring them, each sample counted once per key.
 * - `declaredFunctions(tree)` / `functionAtLine` (declarations.ts): the declaration around a
 *   finding, named as a profile names it without its package path (`(*T).M`).
 * - `matchLocalFiles(index, view)` (evidence.ts): the profile's recorded files matched to local
 *   files by the viewer's rules (src/core/pprof/sourceMap.ts).
 * - `evidenceFor(place, profile)`: the finding's line value, else its function's, else undefined;
 *   `evidenceClause` / `messageWithEvidence` say it ("the heap profile shows 24MB in use under
 *   this function"), numbers formatted as pprof prints them.
 */
export * from './profileIndex';
export * from './declarations';
export * from './evidence';
