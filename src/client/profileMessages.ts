// Validation of what the profile viewer's webview posts. The webview renders untrusted profile
// data, so the host treats each message as hostile until it matches a known shape: only known
// types, only the expected keys, indices inside the profile's tables, strings of bounded length.
import { MAX_MEASUREMENT_NAME_LENGTH, MAX_SOURCE_LINE, WebviewToHostMessage } from '../webview/protocol';

/** What the validator needs to know about the profile the panel shows. */
export interface ValidationContext {
  /** Number of functions in the profile shown, 0 while none is loaded. */
  functionCount: number;
  /** Number of goroutine groups of a goroutine profile, 0 otherwise. */
  goroutineGroupCount?: number;
  /** The profile's sample type names, which viewState must name one of. */
  sampleTypes?: readonly string[];
}

const allowedKeys: Record<WebviewToHostMessage['type'], readonly string[]> = {
  ready: ['type'],
  loadProfile: ['type'],
  openSource: ['type', 'functionIndex'],
  pickSourceFolder: ['type', 'functionIndex'],
  measurement: ['type', 'name', 'milliseconds'],
  openGoroutine: ['type', 'groupIndex', 'target'],
  viewState: ['type', 'sampleType'],
  sourceText: ['type', 'functionIndex'],
  openSourceLine: ['type', 'functionIndex', 'line'],
  compareWith: ['type'],
  stopCompare: ['type'],
};

const isIndexBelow = (value: unknown, count: number): value is number => typeof value === 'number' && Number.isInteger(value) && value >= 0 && value < count;

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
    case 'compareWith':
    case 'stopCompare':
      return { type };
    case 'openSource':
    case 'pickSourceFolder':
    case 'sourceText': {
      const index = value.functionIndex;
      if (!isIndexBelow(index, context.functionCount)) {
        return undefined;
      }
      return { type, functionIndex: index };
    }
    case 'openSourceLine': {
      const { functionIndex, line } = value;
      if (!isIndexBelow(functionIndex, context.functionCount) || !isIndexBelow(line, MAX_SOURCE_LINE + 1) || line === 0) {
        return undefined;
      }
      return { type, functionIndex, line };
    }
    case 'viewState': {
      const { sampleType } = value;
      if (typeof sampleType !== 'string' || !(context.sampleTypes ?? []).includes(sampleType)) {
        return undefined;
      }
      return { type, sampleType };
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
