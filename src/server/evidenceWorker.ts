// Decodes a profile and builds its evidence index off the language server's main thread: a large
// profile takes seconds to decode, and diagnostics must keep flowing meanwhile.
import * as fs from 'fs';
import { parentPort } from 'worker_threads';
import { buildEvidenceIndex, EvidenceIndex } from '../core/evidence/profileIndex';
import { DEFAULT_MAX_MEMORY_MEGABYTES, MemoryBudget } from '../core/pprof/budget';
import { ProfileError } from '../core/pprof/model';
import { DEFAULT_MAX_INFLATED_BYTES, loadFlatProfile } from '../core/pprof/node';

export interface EvidenceJob {
  path: string;
  sampleType?: string;
}

export type EvidenceJobResult = { index: EvidenceIndex } | { error: string };

function run({ path, sampleType }: EvidenceJob): EvidenceJobResult {
  try {
    const stat = fs.statSync(path);
    if (!stat.isFile()) return { error: `${path} is not a regular file, so it is not read as a profile.` };
    if (stat.size > DEFAULT_MAX_INFLATED_BYTES) return { error: `${path} is larger than the ${DEFAULT_MAX_INFLATED_BYTES >> 20} MB limit for profiles.` };
    const flat = loadFlatProfile(fs.readFileSync(path), { maxInflatedBytes: DEFAULT_MAX_INFLATED_BYTES, budget: MemoryBudget.ofMegabytes(DEFAULT_MAX_MEMORY_MEGABYTES) });
    let sampleIndex = flat.defaultSampleIndex;
    if (sampleType) {
      const named = flat.sampleTypes.findIndex((type) => type.type === sampleType || type.type === sampleType.replace(/^inuse_/, ''));
      if (named < 0) return { error: `The profile ${path} has no sample type "${sampleType}"; it has ${flat.sampleTypes.map((type) => type.type).join(', ')}.` };
      sampleIndex = named;
    }
    return { index: buildEvidenceIndex(flat, sampleIndex) };
  } catch (error) {
    if (error instanceof ProfileError) return { error: `${path}: ${error.message}` };
    const code = (error as NodeJS.ErrnoException).code;
    return { error: code === 'ENOENT' ? `${path} does not exist.` : `${path} cannot be read (${(error as Error).message}).` };
  }
}

parentPort?.on('message', (job: EvidenceJob) => parentPort!.postMessage(run(job)));
