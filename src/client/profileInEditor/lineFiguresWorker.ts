// Computes a profile's line figures off the extension host's thread: gunzip with the size limit,
// decode without Sample objects, figures for every line and sample type, and, for a comparison or
// a watch, the same of the base and the difference. The typed arrays are transferred back.
import { parentPort, workerData } from 'worker_threads';
import { MemoryBudget } from '../../core/pprof/budget';
import { goroutineGroups, isGoroutineProfile } from '../../core/pprof/goroutines';
import { diffLineFigures, LineFigures, lineFigures, lineFiguresBuffers } from '../../core/pprof/lineFigures';
import { incomparableReason } from '../../core/pprof/diff';
import { FlatProfile, ProfileError } from '../../core/pprof/model';
import { loadFlatProfile } from '../../core/pprof/node';
import type { FiguresReply, FiguresRequest } from './lineFiguresClient';

function load(bytes: Uint8Array, request: FiguresRequest): FlatProfile {
  const budget = MemoryBudget.ofMegabytes(request.maxMemoryMegabytes, 'the gomem.profile.maxMemoryMegabytes setting');
  return loadFlatProfile(bytes, { maxInflatedBytes: request.maxInflatedBytes, inflatedHint: 'the gomem.profile.maxInflatedMegabytes setting', budget });
}

function figuresOf(profile: FlatProfile): LineFigures {
  return lineFigures(profile, isGoroutineProfile(profile) ? goroutineGroups(profile) : undefined);
}

function run(request: FiguresRequest): FiguresReply {
  const started = performance.now();
  const profile = load(request.bytes, request);
  let figures = figuresOf(profile);
  if (request.baseBytes) {
    const base = load(request.baseBytes, request);
    // The shapes that cannot be merged say so in one sentence, as `gomem profile diff` does.
    const reason = incomparableReason({ ...base, samples: [] }, { ...profile, samples: [] });
    if (reason) throw new ProfileError(reason);
    figures = diffLineFigures(figuresOf(base), figures);
  }
  return { ok: true, figures, milliseconds: performance.now() - started };
}

let reply: FiguresReply;
try {
  reply = run(workerData as FiguresRequest);
} catch (error) {
  const internal = !(error instanceof ProfileError);
  reply = { ok: false, message: error instanceof Error ? error.message : String(error), internal };
}
parentPort!.postMessage(reply, reply.ok ? lineFiguresBuffers(reply.figures) : []);
