// What "gomem: Run with GC Trace" runs for the file being edited: the test function around the
// cursor in a _test.go file (go test -run '^Name$'), every test of the package in a test file
// outside a test function, else the package's main (go run .).

/** Arguments of the go command, and a readable form of it for the terminal. */
export interface GoRunCommand {
  args: string[];
  display: string;
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
    if (name?.startsWith('Benchmark')) return { args: ['test', '-run', '^$', '-bench', `^${name}$`, '-count=1', '.'], display: `go test -run '^$' -bench '^${name}$' -count=1 .` };
    if (name) return { args: ['test', '-run', `^${name}$`, '-count=1', '.'], display: `go test -run '^${name}$' -count=1 .` };
    return { args: ['test', '-count=1', '.'], display: 'go test -count=1 .' };
  }
  return { args: ['run', '.'], display: 'go run .' };
}

/** GODEBUG with gctrace=1 added to (or replacing in) what the user already set. */
export function withGcTrace(godebug: string | undefined): string {
  const settings = (godebug ?? '').split(',').filter((setting) => setting && !setting.startsWith('gctrace='));
  return [...settings, 'gctrace=1'].join(',');
}
