// Fetching a profile from a program serving net/http/pprof and writing it atomically. Every failure
// is a CaptureError with one sentence; nothing half-written is left behind.
import * as fs from 'fs';
import * as http from 'http';
import * as https from 'https';
import * as path from 'path';
import { loadLeafProfile } from '../pprof/node';
import { ProfileError } from '../pprof/model';
import { isGzip } from '../pprof/parse';
import { CaptureError, CaptureKind, CaptureTarget, captureFileName, captureTarget, hostLabel, redactUrl } from './captureUrl';

export interface FetchOptions {
  /** How long the server may take beyond a CPU profile's own duration, ms. */
  timeoutMs: number;
  /** Largest body, and largest inflated profile, accepted (gomem.profile.maxInflatedMegabytes). */
  maxBytes: number;
  signal?: AbortSignal;
  /**
   * Checks that the body is a profile (throws ProfileError when not). The default decodes it here;
   * the extension passes one that decodes in a worker thread.
   */
  inspect?: (bytes: Uint8Array, maxBytes: number) => Promise<Uint8Array | void> | Uint8Array | void;
}

const MAX_REDIRECTS = 5;

/** The body of a profile endpoint, checked to be a profile. */
export interface FetchedProfile {
  bytes: Uint8Array;
  /** '.pb.gz' for gzipped protobuf, '.pb' for raw protobuf, '.txt' for Go's text formats (a `debug=1` URL). */
  extension: string;
}

/** Checks the body as every decoder would, keeping no more of it than a growth ranking does. */
const decodeHere = (bytes: Uint8Array, maxBytes: number) => {
  loadLeafProfile(bytes, (header) => header.defaultSampleIndex, { maxInflatedBytes: maxBytes });
};

const megabytes = (bytes: number) => `${Math.round(bytes / (1024 * 1024))} MB`;

function networkError(error: NodeJS.ErrnoException, url: URL, timeoutMs: number): CaptureError {
  const where = hostLabel(url);
  switch (error.code) {
    case 'ECONNREFUSED':
      return new CaptureError(`Nothing is listening at ${where} (connection refused): is the program running and serving net/http/pprof there?`);
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return new CaptureError(`The host ${url.hostname} could not be found.`);
    case 'ETIMEDOUT':
    case 'GOMEM_TIMEOUT':
      return new CaptureError(`${where} did not answer within ${Math.round(timeoutMs / 1000)} s, so the capture was abandoned.`);
    case 'ECONNRESET':
    case 'EPIPE':
      return new CaptureError(`${where} closed the connection before the profile was complete.`);
    case 'ABORT_ERR':
      return new CaptureError('The capture was cancelled.');
    default:
      if (error.code?.startsWith('ERR_TLS') || /certificate|SSL|TLS/i.test(error.message)) {
        return new CaptureError(`The TLS connection to ${where} failed (${error.code ?? 'handshake error'}).`);
      }
      return new CaptureError(`The request to ${where} failed (${error.code ?? 'network error'}).`);
  }
}

/** The first line of a short text body, fit to quote inside a sentence. */
function quote(body: Buffer): string {
  const text = body.subarray(0, 300).toString('utf8').split(/\r?\n/).find((l) => l.trim() !== '') ?? '';
  const clean = text.replace(/[^\x20-\x7e]/g, ' ').trim();
  return clean.length > 120 ? clean.slice(0, 117) + '...' : clean;
}

function statusError(status: number, body: Buffer, target: CaptureTarget, url: URL): CaptureError {
  const where = redactUrl(url);
  if (status === 401 || status === 403) {
    return new CaptureError(`${hostLabel(url)} refused the request (${status} ${status === 401 ? 'Unauthorized' : 'Forbidden'}): give credentials in the address (http://user:password@host:port) or open access to /debug/pprof/.`);
  }
  if (status === 404) {
    if (target.kind === 'goroutineleak') {
      return new CaptureError(`The server has no goroutineleak profile (404): it needs Go 1.26 or later built with the goroutine leak profile.`);
    }
    return new CaptureError(`The server has no profile at ${where} (404): does the program import net/http/pprof, and is this its address?`);
  }
  const detail = quote(body);
  return new CaptureError(`The server answered ${status} for ${where}${detail ? `: ${detail}` : ''}.`);
}

/** Refuses an HTML page, a JSON document or any text that is not a Go profile. */
async function checkProfileBody(body: Buffer, contentType: string, url: URL, options: FetchOptions): Promise<FetchedProfile> {
  const maxBytes = options.maxBytes;
  if (body.length === 0) {
    throw new CaptureError(`The server answered ${redactUrl(url)} with an empty body instead of a profile.`);
  }
  if (!isGzip(body)) {
    const start = body.subarray(0, 64).toString('utf8').trimStart();
    if (/html/i.test(contentType) || /^<(!doctype|html|head|body|\?xml|!--)/i.test(start)) {
      throw new CaptureError(`The server answered ${redactUrl(url)} with an HTML page instead of a profile: check the address (it should be the program's /debug/pprof/).`);
    }
    if (/json/i.test(contentType) || /^[{[]/.test(start)) {
      throw new CaptureError(`The server answered ${redactUrl(url)} with JSON instead of a profile: check the address (it should be the program's /debug/pprof/).`);
    }
  }
  try {
    // An inspector that hands the body to another thread without a copy gives it back.
    const checked = (await (options.inspect ?? decodeHere)(body, maxBytes)) ?? body;
    const bytes = Buffer.isBuffer(checked) ? checked : Buffer.from(checked.buffer, checked.byteOffset, checked.byteLength);
    // Go's text profiles start with a printable line; anything else unzipped is raw protobuf.
    return { bytes, extension: isGzip(bytes) ? '.pb.gz' : /^[\x20-\x7e]{8}/.test(bytes.subarray(0, 8).toString('latin1')) ? '.txt' : '.pb' };
  } catch (error) {
    if (error instanceof ProfileError) {
      throw new CaptureError(/limit/.test(error.message) ? `The profile from ${hostLabel(url)} inflates past the ${megabytes(maxBytes)} limit (gomem.profile.maxInflatedMegabytes), so it was not saved.` : `The server's answer is not a profile: ${error.message.charAt(0).toLowerCase()}${error.message.slice(1)}`);
    }
    throw error;
  }
}

/** GETs the target, following redirects only to the same scheme, host and port. */
export async function fetchProfile(target: CaptureTarget, options: FetchOptions): Promise<FetchedProfile> {
  const timeoutMs = options.timeoutMs + (target.seconds ?? 0) * 1000;
  let url = target.url;
  for (let hop = 0; ; hop++) {
    const { status, location, body, contentType } = await get(url, timeoutMs, options);
    if (status >= 300 && status < 400 && location !== undefined) {
      let next: URL;
      try {
        next = new URL(location, url);
      } catch {
        throw new CaptureError(`The server redirected ${redactUrl(url)} to an address that is not a URL.`);
      }
      if (next.protocol !== url.protocol || next.host !== url.host) {
        throw new CaptureError(`The server redirected to another host (${next.protocol}//${hostLabel(next)}), which gomem does not follow.`);
      }
      if (hop >= MAX_REDIRECTS) {
        throw new CaptureError(`The server redirected more than ${MAX_REDIRECTS} times.`);
      }
      // Credentials stay with the same host only.
      next.username = url.username;
      next.password = url.password;
      url = next;
      continue;
    }
    if (status < 200 || status >= 300) {
      throw statusError(status, body, target, url);
    }
    return checkProfileBody(body, contentType, url, options);
  }
}

interface Answer {
  status: number;
  location?: string;
  contentType: string;
  body: Buffer;
}

function get(url: URL, timeoutMs: number, options: FetchOptions): Promise<Answer> {
  return new Promise<Answer>((resolve, reject) => {
    if (options.signal?.aborted) {
      reject(new CaptureError('The capture was cancelled.'));
      return;
    }
    const client = url.protocol === 'https:' ? https : http;
    const auth = url.username || url.password ? `${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}` : undefined;
    let settled = false;
    const fail = (error: CaptureError) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      request.destroy();
      reject(error);
    };
    const request = client.request(
      { protocol: url.protocol, hostname: url.hostname.replace(/^\[|\]$/g, ''), port: url.port || undefined, path: url.pathname + url.search, method: 'GET', auth, headers: { 'accept-encoding': 'identity', 'user-agent': 'gomem' }, signal: options.signal },
      (response) => {
        const status = response.statusCode ?? 0;
        const chunks: Buffer[] = [];
        let length = 0;
        response.on('data', (chunk: Buffer) => {
          length += chunk.length;
          if (length > options.maxBytes) {
            fail(new CaptureError(`The answer from ${hostLabel(url)} is larger than the ${megabytes(options.maxBytes)} limit (gomem.profile.maxInflatedMegabytes), so it was not saved.`));
            return;
          }
          chunks.push(chunk);
        });
        response.on('end', () => {
          if (settled) return;
          if (!response.complete) {
            fail(new CaptureError(`${hostLabel(url)} closed the connection before the profile was complete.`));
            return;
          }
          settled = true;
          clearTimeout(timer);
          resolve({ status, location: response.headers.location, contentType: String(response.headers['content-type'] ?? ''), body: Buffer.concat(chunks) });
        });
        response.on('error', (error) => fail(networkError(error as NodeJS.ErrnoException, url, timeoutMs)));
        response.on('aborted', () => fail(new CaptureError(`${hostLabel(url)} closed the connection before the profile was complete.`)));
      },
    );
    // One deadline for the whole exchange (a server that trickles bytes does not extend it).
    const timer = setTimeout(() => fail(networkError(Object.assign(new Error('timeout'), { code: 'GOMEM_TIMEOUT' }), url, timeoutMs)), timeoutMs);
    request.on('error', (error) => fail(networkError(error as NodeJS.ErrnoException, url, timeoutMs)));
    request.end();
  });
}

/**
 * Writes `bytes` to `dir/name` through a temporary file in the same folder and a rename, so a
 * reader never sees a partial file and a failure leaves nothing. A taken name gets "-2", "-3"...
 */
export async function writeAtomically(dir: string, name: string, bytes: Uint8Array): Promise<string> {
  await fs.promises.mkdir(dir, { recursive: true });
  const temporary = path.join(dir, `.${name}.${process.pid}.${Math.random().toString(36).slice(2)}.partial`);
  try {
    await fs.promises.writeFile(temporary, bytes, { flag: 'wx' });
    const dot = name.indexOf('.', name.lastIndexOf('_') + 1);
    for (let n = 1; ; n++) {
      const candidate = path.join(dir, n === 1 ? name : `${name.slice(0, dot)}-${n}${name.slice(dot)}`);
      try {
        // link + unlink instead of rename: rename would replace a file of the same name.
        await fs.promises.link(temporary, candidate);
        return candidate;
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code === 'EEXIST') continue;
        // File systems without hard links: a rename, after checking the name is free.
        if ((code === 'EPERM' || code === 'ENOTSUP' || code === 'ENOSYS') && !fs.existsSync(candidate)) {
          await fs.promises.rename(temporary, candidate);
          return candidate;
        }
        throw error;
      }
    }
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new CaptureError(`The profile could not be saved in ${dir} (${code ?? (error as Error).message}).`);
  } finally {
    await fs.promises.rm(temporary, { force: true });
  }
}

export interface CaptureOptions extends FetchOptions {
  kind?: CaptureKind;
  seconds?: number;
  outDir: string;
  /** The clock, for tests. */
  now?: () => Date;
}

export interface Capture {
  file: string;
  kind: CaptureKind;
  /** The URL without credentials, for messages. */
  source: string;
  time: Date;
}

/** Fetches one profile from `address` and saves it in `outDir` under a time-ordered name. */
export async function captureProfile(address: string, options: CaptureOptions): Promise<Capture> {
  const target = captureTarget(address, options.kind, options.seconds);
  const fetched = await fetchProfile(target, options);
  const time = (options.now ?? (() => new Date()))();
  const file = await writeAtomically(options.outDir, captureFileName(target.url, target.kind, time, fetched.extension), fetched.bytes);
  return { file, kind: target.kind, source: redactUrl(target.url), time };
}
