// The extension host's handle on leakHuntWorker.ts: one long-lived worker thread, requests
// answered by id, restarted if it dies (a profile that exhausts its heap cannot take the host down).
import { Worker } from 'worker_threads';
import type { WatchSnapshot } from './leakHuntModel';

export type WorkerRequest =
  | { id: number; task: 'snapshot'; file: string; bytes?: Uint8Array; maxBytes: number; capturedAtMs: number };

export type WorkerReply =
  | {
      id: number;
      ok: true;
      result:
        /** `bytes`: the request's bytes, handed back when they were transferred rather than copied. */
        | { task: 'snapshot'; snapshot: WatchSnapshot; bytes?: Uint8Array };
    }
  | { id: number; ok: false; message: string; internal?: boolean };

type Without<T> = T extends unknown ? Omit<T, 'id'> : never;
type ResultOf<K extends WorkerRequest['task']> = Extract<Extract<WorkerReply, { ok: true }>['result'], { task: K }>;

/** A failure of a request, with one sentence for the user. */
export class LeakHuntError extends Error {}

export class LeakHuntWorker {
  private worker: Worker | undefined;
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();

  constructor(private readonly workerFile: string) {}

  /** `transfer`: buffers of the request moved to the worker instead of copied (they are unusable here after). */
  run<K extends WorkerRequest['task']>(request: Without<Extract<WorkerRequest, { task: K }>>, transfer: ArrayBuffer[] = []): Promise<ResultOf<K>> {
    const worker = this.ensure();
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
      worker.postMessage({ ...request, id }, transfer);
    });
  }

  private ensure(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(this.workerFile, { resourceLimits: { maxOldGenerationSizeMb: 4096 } });
    worker.on('message', (reply: WorkerReply) => {
      const waiter = this.pending.get(reply.id);
      if (!waiter) return;
      this.pending.delete(reply.id);
      if (reply.ok) waiter.resolve(reply.result);
      else waiter.reject(new LeakHuntError(reply.message));
    });
    const fail = (message: string) => {
      if (this.worker === worker) this.worker = undefined;
      for (const waiter of this.pending.values()) waiter.reject(new LeakHuntError(message));
      this.pending.clear();
    };
    worker.on('error', (error: Error & { code?: string }) =>
      fail(error.code === 'ERR_WORKER_OUT_OF_MEMORY' ? 'The profiles need more memory than gomem allows.' : `gomem's profile worker failed (${error.message}).`),
    );
    worker.on('exit', () => fail("gomem's profile worker stopped."));
    worker.unref();
    this.worker = worker;
    return worker;
  }

  dispose(): void {
    void this.worker?.terminate();
    this.worker = undefined;
  }
}

/**
 * The ArrayBuffer behind `bytes` when `bytes` is all of it and it is its own (not a slice of Node's
 * shared pool for small Buffers): moving it to a worker then costs nothing and harms nothing else.
 */
export function ownBuffer(bytes: Uint8Array): ArrayBuffer | undefined {
  const buffer = bytes.buffer;
  return buffer instanceof ArrayBuffer && bytes.byteOffset === 0 && bytes.byteLength === buffer.byteLength && buffer.byteLength >= 64 * 1024 ? buffer : undefined;
}
