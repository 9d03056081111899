/** Requests between the extension and the server beyond standard LSP. */
export const LINT_WORKSPACE_REQUEST = 'gomem/lintWorkspace';
export const LINT_WORKSPACE_PROGRESS = 'gomem/lintWorkspaceProgress';
/** Client command a code action runs after its edit: (uri, LSP range) becomes the editor's selection. */
export const SELECT_RANGE_COMMAND = 'gomem.selectRange';

export interface LintWorkspaceParams {
  /** Lint nothing (and say `skipped`) when the workspace has more Go files than this. */
  maxFiles?: number;
}

export interface LintWorkspaceResult {
  files: number;
  findings: number;
  cancelled: boolean;
  /** The workspace had more than `maxFiles` Go files: nothing was linted. */
  skipped?: boolean;
}

export interface LintWorkspaceProgress {
  done: number;
  total: number;
}

/**
 * Client -> server notification: the profile the editor treats as active (the last focused
 * profile viewer, or "gomem: Show Profile in Editor"), or none. Findings the profile proves
 * costly gain an evidence clause and a related location on the profile file.
 */
export const ACTIVE_PROFILE_NOTIFICATION = 'gomem/activeProfile';

export interface ActiveProfileParams {
  /** Absolute local path of the profile file; null (or absent) clears the active profile. */
  path?: string | null;
  /** pprof sample type name ("inuse_space", "alloc_space"); the profile's default when absent. */
  sampleType?: string;
}
