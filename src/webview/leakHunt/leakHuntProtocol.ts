// Messages between the heap watch's series view and the extension host (compare mode lives in the
// profile viewer). The host validates every message from the page: a webview is not trusted to
// send well-formed data.
import type { GrowthRow } from '../../core/pprof/growth';

export interface SeriesData {
  /** The watched address without credentials. */
  address: string;
  running: boolean;
  intervalSeconds: number;
  unit: string;
  snapshots: { name: string; timeMs: number; total: number }[];
  /** Growing functions, by growth. */
  rows: GrowthRow[];
}

export type HostMessage = { type: 'series'; series: SeriesData } | { type: 'error'; message: string };

export type ViewMessage =
  | { type: 'ready' }
  | { type: 'stopWatch' }
  | { type: 'compareSnapshots'; base: number; next: number }
  | { type: 'openSnapshot'; index: number };

const isIndex = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0 && v < 1e9;

/** The message if it is one of ViewMessage's shapes, else undefined. */
export function validateViewMessage(raw: unknown): ViewMessage | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined;
  const m = raw as Record<string, unknown>;
  switch (m.type) {
    case 'ready':
    case 'stopWatch':
      return { type: m.type };
    case 'compareSnapshots':
      return isIndex(m.base) && isIndex(m.next) ? { type: 'compareSnapshots', base: m.base, next: m.next } : undefined;
    case 'openSnapshot':
      return isIndex(m.index) ? { type: 'openSnapshot', index: m.index } : undefined;
    default:
      return undefined;
  }
}
