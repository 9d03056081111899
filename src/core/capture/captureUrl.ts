// Which URL to fetch for a profile kind, from what a user types for a program serving
// net/http/pprof, and how to name it in messages and files without its credentials.

/** The profile kinds net/http/pprof serves, by the name users and the CLI use. */
export const CAPTURE_KINDS = ['heap', 'allocs', 'goroutine', 'goroutineleak', 'block', 'mutex', 'threadcreate', 'cpu'] as const;
export type CaptureKind = (typeof CAPTURE_KINDS)[number];

/** The last path segment of each kind's endpoint under /debug/pprof/. */
const ENDPOINT: Record<CaptureKind, string> = {
  heap: 'heap',
  allocs: 'allocs',
  goroutine: 'goroutine',
  goroutineleak: 'goroutineleak',
  block: 'block',
  mutex: 'mutex',
  threadcreate: 'threadcreate',
  cpu: 'profile',
};

const KIND_OF_ENDPOINT = new Map<string, CaptureKind>(Object.entries(ENDPOINT).map(([kind, endpoint]) => [endpoint, kind as CaptureKind]));

export const DEFAULT_CPU_SECONDS = 30;

/** A mistake in the address or the kind: the message is one sentence for the user. */
export class CaptureError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CaptureError';
  }
}

export function isCaptureKind(kind: string): kind is CaptureKind {
  return (CAPTURE_KINDS as readonly string[]).includes(kind);
}

export interface CaptureTarget {
  url: URL;
  kind: CaptureKind;
  /** CPU profiles: how long the server samples. */
  seconds?: number;
}

/**
 * The endpoint to fetch. `address` is `host:port`, a base such as `http://host:6060/debug/pprof/`
 * (or any path ending in `/`), or a full endpoint URL (`.../debug/pprof/heap`), whose kind is used
 * when `kind` is not given. Heap profiles ask for `gc=1` (live objects after a collection), CPU
 * profiles for `seconds`. Only http and https.
 */
export function captureTarget(address: string, kind?: CaptureKind, seconds?: number): CaptureTarget {
  const trimmed = address.trim();
  if (trimmed === '') {
    throw new CaptureError('The address is empty: give host:port (localhost:6060) or a URL such as http://localhost:6060/debug/pprof/.');
  }
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(trimmed);
  if (scheme && !/^https?$/i.test(scheme[1])) {
    throw new CaptureError(`Only http and https addresses can be captured, not ${scheme[1].toLowerCase()}.`);
  }
  let url: URL;
  try {
    url = new URL(scheme ? trimmed : `http://${trimmed}`);
  } catch {
    throw new CaptureError(`"${redactAddress(trimmed)}" is not an address: give host:port (localhost:6060) or a URL such as http://localhost:6060/debug/pprof/.`);
  }
  if (url.hostname === '') {
    throw new CaptureError(`"${redactAddress(trimmed)}" names no host.`);
  }
  const segments = url.pathname.split('/');
  const last = segments[segments.length - 1];
  const endpointKind = KIND_OF_ENDPOINT.get(last);
  let chosen: CaptureKind;
  if (endpointKind !== undefined) {
    chosen = kind ?? endpointKind;
    segments[segments.length - 1] = ENDPOINT[chosen];
  } else {
    if (last !== '') {
      // A path that is not an endpoint: host:port/ or a custom prefix without its slash.
      segments.push('');
    }
    if (url.pathname === '/' || url.pathname === '') {
      segments.splice(0, segments.length, '', 'debug', 'pprof', '');
    }
    chosen = kind ?? 'heap';
    segments[segments.length - 1] = ENDPOINT[chosen];
  }
  url.pathname = segments.join('/');
  if (endpointKind !== chosen && endpointKind !== undefined) {
    // Parameters of another endpoint (seconds=, gc=) do not carry over.
    url.search = '';
  }
  if (chosen === 'heap' && !url.searchParams.has('gc')) {
    url.searchParams.set('gc', '1');
  }
  let cpuSeconds: number | undefined;
  if (chosen === 'cpu') {
    const fromUrl = Number(url.searchParams.get('seconds'));
    cpuSeconds = seconds ?? (fromUrl > 0 ? fromUrl : DEFAULT_CPU_SECONDS);
    if (!(Number.isInteger(cpuSeconds) && cpuSeconds > 0)) {
      throw new CaptureError(`A CPU profile needs a whole number of seconds above 0, not ${cpuSeconds}.`);
    }
    url.searchParams.set('seconds', String(cpuSeconds));
  }
  url.hash = '';
  return { url, kind: chosen, seconds: cpuSeconds };
}

/** The URL as it may appear in messages and logs: no user name, password or query values. */
export function redactUrl(url: URL): string {
  const copy = new URL(url.href);
  copy.username = '';
  copy.password = '';
  for (const key of [...copy.searchParams.keys()]) {
    if (!['gc', 'seconds', 'debug'].includes(key)) copy.searchParams.set(key, '…');
  }
  return copy.href;
}

/** An address as typed, with anything between "//" and "@" (credentials) removed. */
export function redactAddress(address: string): string {
  return address.replace(/^([a-z][a-z0-9+.-]*:\/\/)?[^/@]*@/i, '$1');
}

/** `host:port` without credentials, for file names and sentences. */
export function hostLabel(url: URL): string {
  return url.port ? `${url.hostname}:${url.port}` : url.hostname;
}

/**
 * A file name that sorts in time order: UTC time first (to the millisecond), then host and kind,
 * e.g. `20261202T165000.123Z_localhost-6060_heap.pb.gz`. Never contains credentials.
 */
export function captureFileName(url: URL, kind: CaptureKind, time: Date, extension: string): string {
  const iso = time.toISOString(); // 2026-12-02T16:50:00.123Z
  const stamp = iso.replace(/[-:]/g, '');
  const host = hostLabel(url).replace(/[^A-Za-z0-9.]+/g, '-').replace(/^-+|-+$/g, '');
  return `${stamp}_${host}_${kind}${extension}`;
}
