// Validation of what the profile viewer's webview posts. The webview renders untrusted profile
// data, so the host treats each message as hostile until it matches a known shape: only known
// types, only the expected keys, indices inside the profile's tables, strings of bounded length.
import { MAX_MEASUREMENT_NAME_LENGTH, WebviewToHostMessage } from '../webview/protocol';

/** What the validator needs to know about the profile the panel shows. */
export interface ValidationContext {
  /** Number of functions in the profile shown, 0 while none is loaded. */
  functionCount: number;
  /** Number of goroutine groups of a goroutine profile, 0 otherwise. */
  goroutineGroupCount?: number;
}

const allowedKeys: Record<WebviewToHostMessage['type'], readonly string[]> = {
  ready: ['type'],
  loadProfile: ['type'],
  openSource: ['type', 'functionIndex'],
  pickSourceFolder: ['type', 'functionIndex'],
  measurement: ['type', 'name', 'milliseconds'],
  openGoroutine: ['type', 'groupIndex', 'target'],
};

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && Object.getPrototypeOf(value) === Object.prototype;
}

/** The message when it is well formed for `context`, else undefined (the host then ignores it). */
export function validateWebviewMessage(value: unknown, context: ValidationContext): WebviewToHostMessage | undefined {
  if (!isPlainObject(value) || typeof value.type !== 'string' || !Object.prototype.hasOwnProperty.call(allowedKeys, value.type)) {
    return undefined;
  }
  const type = value.type as WebviewToHostMessage['type'];
  if (Object.keys(value).some((key) => !allowedKeys[type].includes(key))) {
    return undefined;
  }
  switch (type) {
    case 'ready':
    case 'loadProfile':
      return { type };
    case 'openSource':
    case 'pickSourceFolder': {
      const index = value.functionIndex;
      if (typeof index !== 'number' || !Number.isInteger(index) || index < 0 || index >= context.functionCount) {
        return undefined;
      }
      return { type, functionIndex: index };
    }
    case 'openGoroutine': {
      const { groupIndex, target } = value;
      if (typeof groupIndex !== 'number' || !Number.isInteger(groupIndex) || groupIndex < 0 || groupIndex >= (context.goroutineGroupCount ?? 0)) {
        return undefined;
      }
      if (target !== 'group' && target !== 'blocking' && target !== 'creator') {
        return undefined;
      }
      return { type, groupIndex, target };
    }
    case 'measurement': {
      const { name, milliseconds } = value;
      if (typeof name !== 'string' || name.length === 0 || name.length > MAX_MEASUREMENT_NAME_LENGTH || !/^[\w .,:()%-]+$/.test(name)) {
        return undefined;
      }
      if (typeof milliseconds !== 'number' || !Number.isFinite(milliseconds) || milliseconds < 0 || milliseconds > 3_600_000) {
        return undefined;
      }
      return { type, name, milliseconds };
    }
  }
}
