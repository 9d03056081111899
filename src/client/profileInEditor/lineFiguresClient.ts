// Runs lineFiguresWorker.ts in a fresh worker thread per profile, so a large profile is mapped to
// lines without freezing the extension host, and one that exhausts the worker's heap ends the
// worker, not the host.
import { Worker } from 'worker_threads';
import type { LineFigures } from '../../core/pprof/lineFigures';

export interface FiguresRequest {
  bytes: Uint8Array;
  /** A comparison's base, or a watch's first snapshot: the figures are then new minus base. */
  baseBytes?: Uint8Array;
  maxInflatedBytes: number;
  maxMemoryMegabytes: number;
}

export type FiguresReply =
  | { ok: true; figures: LineFigures; milliseconds: number }
  /** internal: not a ProfileError (a bug, or the worker died); message is then technical. */
  | { ok: false; message: string; internal: boolean };

/** A buffer this request owns (small files read by Node sit in a shared pool), to transfer. */
function owned(bytes: Uint8Array): Uint8Array {
  return bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength ? bytes : bytes.slice();
}

export function figuresInWorker(workerFile: string, request: FiguresRequest): Promise<FiguresReply> {
  const bytes = owned(request.bytes);
  const baseBytes = request.baseBytes && owned(request.baseBytes);
  return new Promise((resolve) => {
    const worker = new Worker(workerFile, {
      workerData: { ...request, bytes, baseBytes },
      transferList: [bytes.buffer as ArrayBuffer, ...(baseBytes ? [baseBytes.buffer as ArrayBuffer] : [])],
      resourceLimits: { maxOldGenerationSizeMb: Math.max(512, Math.ceil(request.maxMemoryMegabytes * 2)) },
    });
    let settled = false;
    const settle = (reply: FiguresReply) => {
      if (settled) return;
      settled = true;
      resolve(reply);
    };
    worker.once('message', settle);
    worker.once('error', (error: Error & { code?: string }) =>
      settle(
        error.code === 'ERR_WORKER_OUT_OF_MEMORY'
          ? { ok: false, message: 'The profile needs more memory than gomem allows; raise the gomem.profile.maxMemoryMegabytes setting to show it in the editor.', internal: false }
          : { ok: false, message: error.message, internal: true },
      ),
    );
    worker.once('exit', (code) => settle({ ok: false, message: `the line figures worker exited with code ${code}`, internal: true }));
  });
}
