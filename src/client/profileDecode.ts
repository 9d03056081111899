// Runs profileDecodeWorker.ts in a worker thread, so a large profile decodes without freezing the
// extension host, and a profile that exhausts the worker's heap cannot take the host down with it.
import { Worker } from 'worker_threads';
import type { WireProfile } from '../webview/protocol';

export interface DecodeRequest {
  bytes: Uint8Array;
  maxInflatedBytes: number;
}

export type DecodeResult =
  | { ok: true; wire: WireProfile; functionLines: Int32Array; sampleCount: number; locationCount: number; decodeMilliseconds: number }
  /** internal: not a ProfileError (a bug, or the worker died); message is then technical. */
  | { ok: false; message: string; internal: boolean; stack?: string };

/** Heap of the decoding worker: room for the inflated bytes, the model and the flat copy of it. */
function heapLimitMegabytes(maxInflatedBytes: number): number {
  return Math.max(512, Math.ceil((maxInflatedBytes / 1048576) * 8));
}

export function decodeInWorker(workerFile: string, request: DecodeRequest): Promise<DecodeResult> {
  // Transfer only a buffer this request owns: small files read by Node sit in a shared pool.
  const { bytes } = request;
  const owned = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength ? bytes : bytes.slice();
  return new Promise((resolve) => {
    const worker = new Worker(workerFile, {
      workerData: { ...request, bytes: owned },
      transferList: [owned.buffer as ArrayBuffer],
      resourceLimits: { maxOldGenerationSizeMb: heapLimitMegabytes(request.maxInflatedBytes) },
    });
    let settled = false;
    const settle = (result: DecodeResult) => {
      if (!settled) {
        settled = true;
        resolve(result);
      }
    };
    worker.once('message', (result: DecodeResult) => settle(result));
    worker.once('error', (error: Error & { code?: string }) => {
      settle(
        error.code === 'ERR_WORKER_OUT_OF_MEMORY'
          ? { ok: false, message: 'The profile needs more memory to decode than gomem allows; it was not opened.', internal: false }
          : { ok: false, message: error.message, internal: true, stack: error.stack },
      );
    });
    worker.once('exit', (code) => settle({ ok: false, message: `the decoding worker exited with code ${code}`, internal: true }));
  });
}
