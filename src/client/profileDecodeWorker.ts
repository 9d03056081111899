// Decodes a profile off the extension host's thread: gunzip with the size limit, parse, compute the
// initial view (posted at once, so the panel paints early), then flatten the profile into the
// typed arrays the webview takes. Arrays are transferred back, not copied.
// A worker also bounds the damage of a hostile file: it has its own heap limit, and running out of
// it ends the worker, not the extension host.
import { parentPort, workerData } from 'worker_threads';
import { DEFAULT_MAX_MEMORY_MEGABYTES, MemoryBudget } from '../core/pprof/budget';
import { FlatProfile, ProfileError } from '../core/pprof/model';
import { loadFlatProfile } from '../core/pprof/node';
import { encodeFlatProfile, initialView, initialViewBuffers } from '../webview/protocol';
import type { DecodeRequest, DecodeResult, WorkerMessage } from './profileDecode';

const post = (message: WorkerMessage, transfer: ArrayBuffer[] = []) => parentPort!.postMessage(message, transfer);

function failure(error: unknown): DecodeResult {
  const internal = !(error instanceof ProfileError);
  const message = error instanceof Error ? error.message : String(error);
  return { ok: false, message, internal, stack: internal && error instanceof Error ? error.stack : undefined };
}

function decode({ bytes, maxInflatedBytes, maxMemoryMegabytes }: DecodeRequest): void {
  const started = performance.now();
  let profile: FlatProfile;
  try {
    // Samples as flat arrays, without labels: the viewer shows none, and no object per sample is made.
    // The same memory budget as `gomem profile top`: past it, one sentence instead of a dead worker.
    const budget = MemoryBudget.ofMegabytes(maxMemoryMegabytes ?? DEFAULT_MAX_MEMORY_MEGABYTES, 'the gomem.profile.maxMemoryMegabytes setting');
    profile = loadFlatProfile(bytes, { maxInflatedBytes, inflatedHint: 'the gomem.profile.maxInflatedMegabytes setting', budget });
    const view = initialView(profile);
    post({ kind: 'initialView', view, decodeMilliseconds: performance.now() - started }, initialViewBuffers(view));
  } catch (error) {
    post({ kind: 'result', result: failure(error) });
    return;
  }
  try {
    const wire = encodeFlatProfile(profile);
    const transfer: ArrayBuffer[] = [];
    for (const value of Object.values(wire)) {
      if (ArrayBuffer.isView(value)) transfer.push(value.buffer as ArrayBuffer);
    }
    const result: DecodeResult = {
      ok: true,
      wire,
      sampleCount: profile.sampleTable.start.length - 1,
      locationCount: profile.locations.length,
      decodeMilliseconds: performance.now() - started,
    };
    post({ kind: 'result', result }, transfer);
  } catch (error) {
    post({ kind: 'result', result: failure(error) });
  }
}

decode(workerData as DecodeRequest);
