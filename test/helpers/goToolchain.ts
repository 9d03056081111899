import { spawnSync } from 'child_process';

/** The `go` command when it is installed; tests that need it say so when it is absent. */
export const GO = (() => {
  const probe = spawnSync('go', ['version'], { encoding: 'utf8' });
  return probe.status === 0 ? 'go' : undefined;
})();

/** Offline, local-toolchain environment for go commands run by tests. */
export function goEnvironment(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return { ...process.env, GOTOOLCHAIN: 'local', GOPROXY: 'off', GOFLAGS: '-mod=mod', GO111MODULE: 'on', ...extra };
}

export function runGo(args: string[], cwd: string): { ok: boolean; output: string } {
  const result = spawnSync(GO ?? 'go', args, { cwd, encoding: 'utf8', env: goEnvironment() });
  return { ok: result.status === 0, output: `${result.stdout ?? ''}${result.stderr ?? ''}` };
}

/** gofmt -e on a text: undefined when it is well formatted, else gofmt's complaint or the diff. */
export function gofmtProblem(text: string): string | undefined {
  const result = spawnSync('gofmt', ['-e'], { input: text, encoding: 'utf8' });
  if (result.status !== 0) return result.stderr || 'gofmt failed';
  return result.stdout === text ? undefined : 'the text is not gofmt-formatted';
}
