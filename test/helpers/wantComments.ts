/**
 * Reads `// want "regexp"` expectations (golang.org/x/tools analysistest style): each quoted
 * or back-quoted string on a line's `want` comment is one finding expected on that line.
 */
export function parseWantComments(text: string): Map<number, RegExp[]> {
  const expectations = new Map<number, RegExp[]>();
  text.split('\n').forEach((line, index) => {
    const match = /\/\/\s*want\s+(.*)$/.exec(line);
    if (!match) return;
    const patterns: RegExp[] = [];
    const literal = /"((?:[^"\\]|\\.)*)"|`([^`]*)`/g;
    for (let m = literal.exec(match[1]); m; m = literal.exec(match[1])) {
      patterns.push(new RegExp(m[1] !== undefined ? JSON.parse(`"${m[1]}"`) : m[2]));
    }
    if (patterns.length === 0) throw new Error(`line ${index + 1}: a want comment needs at least one "regexp"`);
    expectations.set(index, patterns);
  });
  return expectations;
}
