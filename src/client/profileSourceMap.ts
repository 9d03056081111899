// The profile-path -> local-file matching moved to src/core/pprof/sourceMap.ts so the CLI and the
// language server use the same rules; this re-export keeps the client's imports working.
export * from '../core/pprof/sourceMap';
