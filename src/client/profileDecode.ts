// Runs profileDecodeWorker.ts in a worker thread, so a large profile decodes without freezing the
// extension host, and a profile that exhausts the worker's heap cannot take the host down with it.
import { Worker } from 'worker_threads';
import { DEFAULT_MAX_MEMORY_MEGABYTES } from '../core/pprof/budget';
import type { InitialView, WireProfile } from '../webview/protocol';

export interface DecodeRequest {
  bytes: Uint8Array;
  maxInflatedBytes: number;
  /** The decoded profile's memory budget (gomem.profile.maxMemoryMegabytes); the default when absent. */
  maxMemoryMegabytes?: number;
}

export type DecodeResult =
  /** sampleCount: entries of the sample table (protobuf samples with the same stack are one). */
  | { ok: true; wire: WireProfile; sampleCount: number; locationCount: number; decodeMilliseconds: number }
  /** internal: not a ProfileError (a bug, or the worker died); message is then technical. */
  | { ok: false; message: string; internal: boolean; stack?: string };

/** What the worker posts: the initial view as soon as it has it, then the result. */
export type WorkerMessage = { kind: 'initialView'; view: InitialView; decodeMilliseconds: number } | { kind: 'result'; result: DecodeResult };

/**
 * Heap of the decoding worker: the tables within the memory budget and their copies for the
 * webview. The decoder stops at the budget itself (typed arrays are outside this heap); the heap
 * limit is the backstop for what its estimates miss.
 */
function heapLimitMegabytes(maxMemoryMegabytes: number): number {
  return Math.max(512, Math.ceil(maxMemoryMegabytes * 2));
}

/**
 * Decodes in a fresh worker. `onInitialView` gets the first view (default sample type, no
 * filters) before the profile is flattened for the webview, so the panel can paint it meanwhile;
 * it is not called when the profile cannot be read.
 */
export function decodeInWorker(workerFile: string, request: DecodeRequest, onInitialView?: (view: InitialView, decodeMilliseconds: number) => void): Promise<DecodeResult> {
  // Transfer only a buffer this request owns: small files read by Node sit in a shared pool.
  const { bytes } = request;
  const owned = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength ? bytes : bytes.slice();
  return new Promise((resolve) => {
    const worker = new Worker(workerFile, {
      workerData: { ...request, bytes: owned },
      transferList: [owned.buffer as ArrayBuffer],
      resourceLimits: { maxOldGenerationSizeMb: heapLimitMegabytes(request.maxMemoryMegabytes ?? DEFAULT_MAX_MEMORY_MEGABYTES) },
    });
    let settled = false;
    const settle = (result: DecodeResult) => {
      if (!settled) {
        settled = true;
        resolve(result);
      }
    };
    worker.on('message', (message: WorkerMessage) => {
      if (message.kind === 'initialView') {
        if (!settled) onInitialView?.(message.view, message.decodeMilliseconds);
      } else {
        settle(message.result);
      }
    });
    worker.once('error', (error: Error & { code?: string }) => {
      settle(
        error.code === 'ERR_WORKER_OUT_OF_MEMORY'
          ? { ok: false, message: 'The profile needs more memory to decode than gomem allows; raise the gomem.profile.maxMemoryMegabytes setting to open it.', internal: false }
          : { ok: false, message: error.message, internal: true, stack: error.stack },
      );
    });
    worker.once('exit', (code) => settle({ ok: false, message: `the decoding worker exited with code ${code}`, internal: true }));
  });
}
