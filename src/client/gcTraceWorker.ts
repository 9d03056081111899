// The GC trace view's reader, in a worker thread (started by gcTraceReader.ts): reads the log in
// 1 MB chunks, parses, analyses the last run and posts its columns for the webview; keeps the
// parsed trace to answer for raw lines, and reads on from where it stopped when asked again.
import * as fs from 'fs';
import { parentPort, workerData } from 'worker_threads';
import { analyzeGcTrace, GcTraceParser } from '../core/gctrace';
import { toWireTrace, WireTrace } from '../webview/gcTraceProtocol';
import type { GcTraceSnapshot, GcWorkerData, GcWorkerReply, GcWorkerRequest } from './gcTraceReader';

const CHUNK_BYTES = 1024 * 1024;
const data = workerData as GcWorkerData;
/** Made at the first read, when the file's size tells how much room the columns need. */
let parser: GcTraceParser | undefined;
let readOffset = 0;
let error: string | undefined;

const post = (reply: GcWorkerReply, transfer: ArrayBuffer[] = []) => parentPort!.postMessage(reply, transfer);

function tooLarge(size: number): string {
  return `The file is ${Math.round(size / 1048576)} MB, more than the ${Math.round(data.maxFileBytes / 1048576)} MB the GC trace view reads.`;
}

/** The log's bytes without a UTF-8 byte order mark at its start (a decoder drops it too). */
function withoutBom(bytes: Uint8Array, offset: number): Uint8Array {
  return offset === 0 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? bytes.subarray(3) : bytes;
}

/** Reads the file from readOffset to its end. */
function readFile(path: string): void {
  let handle: number | undefined;
  try {
    handle = fs.openSync(path, 'r');
    const { size } = fs.fstatSync(handle);
    if (size > data.maxFileBytes) {
      error = tooLarge(size);
      return;
    }
    if (!parser || size < readOffset) {
      // First read, or truncated or replaced: read it anew.
      parser = new GcTraceParser({ expectedBytes: size });
      readOffset = 0;
    }
    while (readOffset < size) {
      // A buffer per chunk: the parser keeps the chunks that hold cycles, for their raw lines.
      const buffer = Buffer.allocUnsafe(Math.min(CHUNK_BYTES, size - readOffset));
      const bytesRead = fs.readSync(handle, buffer, 0, buffer.length, readOffset);
      if (bytesRead === 0) break;
      parser.push(withoutBom(buffer.subarray(0, bytesRead), readOffset));
      readOffset += bytesRead;
    }
    error = undefined;
  } catch (caught) {
    const code = (caught as NodeJS.ErrnoException).code;
    error = code === 'ENOENT' ? 'The file does not exist (any more).' : code === 'EISDIR' ? 'This is a folder, not a log file.' : `The file could not be read (${code ?? (caught as Error).message}).`;
  } finally {
    if (handle !== undefined) fs.closeSync(handle);
  }
}

function snapshot(started: number): { snapshot: GcTraceSnapshot; transfer: ArrayBuffer[] } {
  parser ??= new GcTraceParser();
  const trace = parser.trace;
  const cycleCount = trace.columns.length;
  let wire: WireTrace | undefined;
  let firstCycle = 0;
  if (!error && cycleCount > 0) {
    const analysis = analyzeGcTrace(trace);
    firstCycle = analysis.firstCycle;
    wire = toWireTrace(trace, analysis);
  }
  const transfer = wire ? [...Object.values(wire.cycles), ...Object.values(wire.scavenges)].map((column: ArrayBufferView) => column.buffer as ArrayBuffer) : [];
  return { snapshot: { totalLines: trace.totalLines, cycleCount, firstCycle, wire, error, milliseconds: performance.now() - started }, transfer };
}

parentPort!.on('message', (request: GcWorkerRequest) => {
  switch (request.type) {
    case 'read': {
      const started = performance.now();
      if (data.path !== undefined) readFile(data.path);
      const { snapshot: result, transfer } = snapshot(started);
      post({ type: 'read', id: request.id, snapshot: result }, transfer);
      break;
    }
    case 'bytes': {
      const started = performance.now();
      if (request.bytes.length > data.maxFileBytes) error = tooLarge(request.bytes.length);
      else {
        parser = new GcTraceParser({ expectedBytes: request.bytes.length });
        parser.push(withoutBom(request.bytes, 0));
        parser.finish();
      }
      const { snapshot: result, transfer } = snapshot(started);
      post({ type: 'read', id: request.id, snapshot: result }, transfer);
      break;
    }
    case 'rawLine': {
      const text = parser?.rawLine(request.index);
      post({ type: 'rawLine', id: request.id, raw: text === undefined ? undefined : { text, line: parser!.trace.columns.line[request.index] } });
      break;
    }
  }
});
