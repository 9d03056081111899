// Reads a GC trace off the extension host's thread: a worker (gcTraceWorker.ts) reads the file in
// chunks, parses and analyses it, and hands back the columns for the webview (transferred, not
// copied), so a 100,000-line log never stalls the host. The worker keeps the parsed trace for the
// raw line of a hovered cycle and reads on from where it stopped when the file grows.
import { Worker } from 'worker_threads';
import type { WireTrace } from '../webview/gcTraceProtocol';

/** What a read tells: the trace so far (the last run as columns), or why there is none. */
export interface GcTraceSnapshot {
  /** Lines read in all. */
  totalLines: number;
  /** Cycles in the whole log (all runs). */
  cycleCount: number;
  /** Index in the log of the first cycle of the run shown (the last one). */
  firstCycle: number;
  /** The last run for the webview; undefined when the log holds no cycle. */
  wire?: WireTrace;
  /** One sentence when the file could not be read. */
  error?: string;
  /** Time the worker spent reading, parsing and analysing this time. */
  milliseconds: number;
}

export type GcWorkerRequest =
  | { type: 'read'; id: number }
  | { type: 'bytes'; id: number; bytes: Uint8Array }
  | { type: 'rawLine'; id: number; index: number };

export type GcWorkerReply =
  | { type: 'read'; id: number; snapshot: GcTraceSnapshot }
  | { type: 'rawLine'; id: number; raw?: { text: string; line: number } };

export interface GcWorkerData {
  /** The file to read and follow; absent when the bytes come by message (a file of another file system). */
  path?: string;
  maxFileBytes: number;
}

/** One trace's worker; requests are answered in order. */
export class GcTraceReader {
  private readonly worker: Worker;
  private nextId = 0;
  private readonly waiting = new Map<number, (reply: GcWorkerReply | undefined) => void>();
  private failure: string | undefined;

  constructor(workerFile: string, data: GcWorkerData) {
    // The columns and the kept log text are outside the V8 heap; this bounds a hostile file's objects.
    this.worker = new Worker(workerFile, { workerData: data, resourceLimits: { maxOldGenerationSizeMb: 1024 } });
    this.worker.on('message', (reply: GcWorkerReply) => {
      const resolve = this.waiting.get(reply.id);
      this.waiting.delete(reply.id);
      resolve?.(reply);
    });
    const fail = (reason: string) => {
      this.failure ??= reason;
      for (const resolve of this.waiting.values()) resolve(undefined);
      this.waiting.clear();
    };
    this.worker.on('error', (error: Error & { code?: string }) =>
      fail(error.code === 'ERR_WORKER_OUT_OF_MEMORY' ? 'The log needs more memory than the GC trace view allows.' : `The log could not be read (${error.message}).`),
    );
    this.worker.on('exit', () => fail('The GC trace reader stopped.'));
  }

  private request(message: GcWorkerRequest, transfer: ArrayBuffer[] = []): Promise<GcWorkerReply | undefined> {
    if (this.failure) return Promise.resolve(undefined);
    return new Promise((resolve) => {
      this.waiting.set(message.id, resolve);
      this.worker.postMessage(message, transfer);
    });
  }

  /** Reads what the file holds past what was read (or the bytes given, once). */
  async read(bytes?: Uint8Array): Promise<GcTraceSnapshot> {
    const id = this.nextId++;
    const reply = bytes
      ? await this.request({ type: 'bytes', id, bytes }, bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength ? [bytes.buffer as ArrayBuffer] : [])
      : await this.request({ type: 'read', id });
    if (reply?.type === 'read') return reply.snapshot;
    return { totalLines: 0, cycleCount: 0, firstCycle: 0, error: this.failure ?? 'The log could not be read.', milliseconds: 0 };
  }

  /** The text of a cycle (index into the whole log's cycles) and its 0-based line. */
  async rawLine(index: number): Promise<{ text: string; line: number } | undefined> {
    const reply = await this.request({ type: 'rawLine', id: this.nextId++, index });
    return reply?.type === 'rawLine' ? reply.raw : undefined;
  }

  dispose(): void {
    void this.worker.terminate();
  }
}
