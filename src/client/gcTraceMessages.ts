// Validation of what the GC trace view's webview posts: the webview shows untrusted log text, so
// each message must match a known shape (known type, exact keys, a cycle inside the trace shown,
// a bounded measurement name) or the host ignores it.
import { GcWebviewToHostMessage, MAX_GC_MEASUREMENT_NAME_LENGTH } from '../webview/gcTraceProtocol';

const allowedKeys: Record<GcWebviewToHostMessage['type'], readonly string[]> = {
  ready: ['type'],
  rawLine: ['type', 'cycle'],
  reveal: ['type', 'cycle'],
  measurement: ['type', 'name', 'milliseconds'],
};

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && Object.getPrototypeOf(value) === Object.prototype;
}

/** The message when it is well formed for a view of `cycleCount` cycles, else undefined. */
export function validateGcWebviewMessage(value: unknown, context: { cycleCount: number }): GcWebviewToHostMessage | undefined {
  if (!isPlainObject(value) || typeof value.type !== 'string' || !Object.prototype.hasOwnProperty.call(allowedKeys, value.type)) return undefined;
  const type = value.type as GcWebviewToHostMessage['type'];
  if (Object.keys(value).some((key) => !allowedKeys[type].includes(key))) return undefined;
  switch (type) {
    case 'ready':
      return { type };
    case 'rawLine':
    case 'reveal': {
      const cycle = value.cycle;
      if (typeof cycle !== 'number' || !Number.isInteger(cycle) || cycle < 0 || cycle >= context.cycleCount) return undefined;
      return { type, cycle };
    }
    case 'measurement': {
      const { name, milliseconds } = value;
      if (typeof name !== 'string' || name.length === 0 || name.length > MAX_GC_MEASUREMENT_NAME_LENGTH || !/^[\w .,:()%-]+$/.test(name)) return undefined;
      if (typeof milliseconds !== 'number' || !Number.isFinite(milliseconds) || milliseconds < 0 || milliseconds > 3_600_000) return undefined;
      return { type, name, milliseconds };
    }
  }
}
