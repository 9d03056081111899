/** Go language versions as `[major, minor]`, compared numerically ("1.9" < "1.20"). */
export type GoVersion = readonly [number, number];

/** The newest Go release this project knows; used when no go.mod says otherwise. */
export const NEWEST_KNOWN_GO: GoVersion = [1, 25];

export function parseGoVersion(text: string): GoVersion | undefined {
  const match = /^(?:go)?(\d+)\.(\d+)/.exec(text.trim());
  return match ? [Number(match[1]), Number(match[2])] : undefined;
}

export function goVersionAtLeast(version: GoVersion, minimum: GoVersion | string): boolean {
  const wanted = typeof minimum === 'string' ? parseGoVersion(minimum) : minimum;
  if (!wanted) return true;
  return version[0] > wanted[0] || (version[0] === wanted[0] && version[1] >= wanted[1]);
}

export function formatGoVersion(version: GoVersion): string {
  return `${version[0]}.${version[1]}`;
}
