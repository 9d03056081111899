// What "gomem: Run with GC Trace" runs for the file being edited: the test function around the
// cursor in a _test.go file (go test -run '^Name$'), every test of the package in a test file
// outside a test function, else the package's main (go run .). It builds first without the
// trace, then runs the binary with it: the go command and the compiler are Go programs too, and
// with GODEBUG=gctrace=1 they would print their own collections into the log.

/** How to build the package, the arguments of the built binary, and a readable form for the terminal. */
export interface GoRunCommand {
  /** `go` arguments that build the binary; `{binary}` stands for its path. */
  buildArgs: string[];
  /** Arguments the binary runs with. */
  runArgs: string[];
  display: string;
  /** The go command a user would type for the same run (without the trace). */
  args: string[];
}

function command(args: string[], runArgs: string[], display: string): GoRunCommand {
  const test = args[0] === 'test';
  return { args, runArgs, display, buildArgs: test ? ['test', '-c', '-o', '{binary}', '.'] : ['build', '-o', '{binary}', '.'] };
}

const TEST_FUNCTION = /^func\s+((?:Test|Benchmark|Fuzz|Example)\w*)\s*\(/;

export function goRunCommand(fileName: string | undefined, text: string | undefined, cursorLine: number): GoRunCommand {
  if (fileName && /_test\.go$/.test(fileName) && text !== undefined) {
    const lines = text.split('\n');
    let name: string | undefined;
    for (let line = Math.min(cursorLine, lines.length - 1); line >= 0 && !name; line--) {
      const match = TEST_FUNCTION.exec(lines[line]);
      if (match) name = match[1];
      else if (line < cursorLine && /^func\s/.test(lines[line])) break; // inside another function
    }
    if (name?.startsWith('Benchmark')) {
      return command(['test', '-run', '^$', '-bench', `^${name}$`, '-count=1', '.'], ['-test.run', '^$', '-test.bench', `^${name}$`, '-test.v'], `go test -run '^$' -bench '^${name}$' -count=1 .`);
    }
    if (name) return command(['test', '-run', `^${name}$`, '-count=1', '.'], ['-test.run', `^${name}$`, '-test.v'], `go test -run '^${name}$' -count=1 .`);
    return command(['test', '-count=1', '.'], ['-test.v'], 'go test -count=1 .');
  }
  return command(['run', '.'], [], 'go run .');
}

/** GODEBUG with gctrace=1 added to (or replacing in) what the user already set. */
export function withGcTrace(godebug: string | undefined): string {
  const settings = (godebug ?? '').split(',').filter((setting) => setting && !setting.startsWith('gctrace='));
  return [...settings, 'gctrace=1'].join(',');
}
