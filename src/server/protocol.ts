/** Requests between the extension and the server beyond standard LSP. */
export const LINT_WORKSPACE_REQUEST = 'gomem/lintWorkspace';
export const LINT_WORKSPACE_PROGRESS = 'gomem/lintWorkspaceProgress';

export interface LintWorkspaceResult {
  files: number;
  findings: number;
  cancelled: boolean;
}

export interface LintWorkspaceProgress {
  done: number;
  total: number;
}
