// The heap watch's heavy work, free of vscode so it runs in a worker thread (leakHuntWorker.ts)
// and in unit tests: reducing a heap snapshot to what the watch keeps. (Comparing two profiles is
// the profile viewer's compare mode, src/core/pprof/compare.ts.)
import { Profile, sampleIndexByName } from '../../core/pprof';
import { snapshotValues, SnapshotValues } from '../../core/pprof/growth';
import type { ProfileHeader } from '../../core/pprof/protobuf';

/** What the heap watch keeps of a snapshot: its in-use total and flat per function. */
export interface WatchSnapshot {
  file: string;
  timeMs: number;
  total: number;
  flat: [string, number][];
}

/** The sample type a heap watch follows: in-use bytes, else the profile's default. */
export function watchSampleIndex(header: ProfileHeader): number {
  return sampleIndexByName(header, header.sampleTypes.some((t) => t.type === 'inuse_space') ? 'inuse_space' : undefined);
}

export function watchSnapshotOf(values: SnapshotValues, capturedAtMs: number): WatchSnapshot {
  return { file: values.file, timeMs: values.timeMs ?? capturedAtMs, total: values.total, flat: [...values.flatByFunction] };
}

export function watchSnapshot(file: string, profile: Profile, capturedAtMs: number): WatchSnapshot {
  return watchSnapshotOf(snapshotValues(file, profile, watchSampleIndex(profile)), capturedAtMs);
}
