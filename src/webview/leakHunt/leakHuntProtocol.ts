// Messages between the leak hunt's views (compare, heap watch) and the extension host. The host
// validates every message from the page: a webview is not trusted to send well-formed data.
import type { GrowthRow } from '../../core/pprof/growth';
import type { CompareModel, FunctionSource } from '../../client/leakHunt/leakHuntModel';

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

export type HostMessage =
  | { type: 'compare'; baseName: string; newName: string; model: CompareModel }
  | { type: 'source'; source: FunctionSource; text?: string[]; note?: string }
  | { type: 'series'; series: SeriesData }
  | { type: 'error'; message: string };

export type ViewMessage =
  | { type: 'ready' }
  | { type: 'sampleType'; name: string }
  | { type: 'source'; functionName: string }
  | { type: 'openLine'; functionName: string; line: number }
  | { type: 'stopWatch' }
  | { type: 'compareSnapshots'; base: number; next: number }
  | { type: 'openSnapshot'; index: number };

const isString = (v: unknown, max = 10_000): v is string => typeof v === 'string' && v.length <= max;
const isIndex = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0 && v < 1e9;

/** The message if it is one of ViewMessage's shapes, else undefined. */
export function validateViewMessage(raw: unknown): ViewMessage | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined;
  const m = raw as Record<string, unknown>;
  switch (m.type) {
    case 'ready':
    case 'stopWatch':
      return { type: m.type };
    case 'sampleType':
      return isString(m.name, 200) ? { type: 'sampleType', name: m.name } : undefined;
    case 'source':
      return isString(m.functionName) ? { type: 'source', functionName: m.functionName } : undefined;
    case 'openLine':
      return isString(m.functionName) && isIndex(m.line) ? { type: 'openLine', functionName: m.functionName, line: m.line } : undefined;
    case 'compareSnapshots':
      return isIndex(m.base) && isIndex(m.next) ? { type: 'compareSnapshots', base: m.base, next: m.next } : undefined;
    case 'openSnapshot':
      return isIndex(m.index) ? { type: 'openSnapshot', index: m.index } : undefined;
    default:
      return undefined;
  }
}
