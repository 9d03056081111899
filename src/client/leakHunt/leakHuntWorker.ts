// Worker thread of the leak hunt: decodes and summarises heap snapshots so the extension host
// never blocks on them (a watch must not stall the editor). One request at a time, by id.
import * as fs from 'fs';
import { parentPort } from 'worker_threads';
import { ProfileError } from '../../core/pprof';
import { loadLeafProfile } from '../../core/pprof/node';
import { leafSnapshotValues } from '../../core/pprof/growth';
import { watchSampleIndex, watchSnapshotOf } from './leakHuntModel';
import { ownBuffer } from './leakHuntWorkerClient';
import type { WorkerReply, WorkerRequest } from './leakHuntWorkerClient';

function handle(request: WorkerRequest): Extract<WorkerReply, { ok: true }>['result'] {
  switch (request.task) {
    case 'snapshot': {
      // A watch keeps only flat values per function: decoded without keeping a sample.
      const leaf = loadLeafProfile(request.bytes ?? fs.readFileSync(request.file), watchSampleIndex, { maxInflatedBytes: request.maxBytes });
      // Bytes the host moved here go back the same way, for it to save.
      return { task: 'snapshot', snapshot: watchSnapshotOf(leafSnapshotValues(request.file, leaf), request.capturedAtMs), bytes: request.bytes && ownBuffer(request.bytes) ? request.bytes : undefined };
    }
  }
}

parentPort!.on('message', (request: WorkerRequest) => {
  let reply: WorkerReply;
  try {
    reply = { id: request.id, ok: true, result: handle(request) };
  } catch (error) {
    reply = error instanceof ProfileError ? { id: request.id, ok: false, message: error.message } : { id: request.id, ok: false, message: `gomem failed on this profile: ${(error as Error).message}`, internal: true };
  }
  const bytes = reply.ok && reply.result.task === 'snapshot' ? reply.result.bytes : undefined;
  parentPort!.postMessage(reply, bytes && ownBuffer(bytes) ? [bytes.buffer as ArrayBuffer] : []);
});
