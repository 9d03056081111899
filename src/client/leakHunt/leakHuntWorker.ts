// Worker thread of the leak hunt: decodes, compares and summarises profiles so the extension host
// never blocks on them (a watch must not stall the editor). One request at a time, by id.
import * as fs from 'fs';
import { parentPort } from 'worker_threads';
import { DiffProfile, ProfileError } from '../../core/pprof';
import { loadLeafProfile, loadProfile } from '../../core/pprof/node';
import { leafSnapshotValues } from '../../core/pprof/growth';
import { compareModel, functionSource, watchSampleIndex, watchSnapshotOf } from './leakHuntModel';
import { ownBuffer } from './leakHuntWorkerClient';
import type { WorkerReply, WorkerRequest } from './leakHuntWorkerClient';

/** The last few comparisons, so the source view of a function needs no second decode. */
const diffs = new Map<string, DiffProfile>();
const KEPT_DIFFS = 4;

function read(file: string, maxBytes: number) {
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(file);
  } catch (error) {
    throw new ProfileError(`${file} cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'}).`);
  }
  try {
    return loadProfile(bytes, { maxInflatedBytes: maxBytes });
  } catch (error) {
    if (error instanceof ProfileError) throw new ProfileError(`${file.split(/[\\/]/).pop()}: ${error.message}`);
    throw error;
  }
}

function handle(request: WorkerRequest): Extract<WorkerReply, { ok: true }>['result'] {
  switch (request.task) {
    case 'compare': {
      const { model, diff } = compareModel(read(request.basePath, request.maxBytes), read(request.newPath, request.maxBytes), request.sampleType);
      const key = `${request.basePath}\n${request.newPath}`;
      diffs.delete(key);
      diffs.set(key, diff);
      while (diffs.size > KEPT_DIFFS) diffs.delete(diffs.keys().next().value!);
      return { task: 'compare', model, key };
    }
    case 'source': {
      const diff = diffs.get(request.key);
      if (!diff) throw new ProfileError('The comparison is no longer loaded; open it again.');
      return { task: 'source', source: functionSource(diff, request.sampleType, request.functionName) };
    }
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
