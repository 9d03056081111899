import type { Range } from '../core/text';

/**
 * Checks of what a client sends, before the server trusts it: a malformed message is logged and
 * dropped (or answered with an error) instead of throwing inside the server.
 */

/** The document URI of a textDocument notification or request, if it is a string. */
export function documentUriOf(params: unknown): string | undefined {
  const uri = (params as { textDocument?: { uri?: unknown } } | undefined)?.textDocument?.uri;
  return typeof uri === 'string' ? uri : undefined;
}

export function isPosition(value: unknown): boolean {
  const position = value as { line?: unknown; character?: unknown } | null | undefined;
  return typeof position === 'object' && position !== null && Number.isInteger(position.line) && Number.isInteger(position.character);
}

export function isRange(value: unknown): value is Range {
  const range = value as { start?: unknown; end?: unknown } | null | undefined;
  return typeof range === 'object' && range !== null && isPosition(range.start) && isPosition(range.end);
}

/** Why a didChange's contentChanges cannot be applied, or undefined if they can. */
export function describeInvalidChanges(changes: unknown): string | undefined {
  if (!Array.isArray(changes)) return 'contentChanges is not an array';
  for (const [index, change] of changes.entries()) {
    if (typeof change !== 'object' || change === null || typeof change.text !== 'string') return `content change ${index} has no text`;
    if ('range' in change && change.range !== undefined && !isRange(change.range)) return `content change ${index} has a malformed range`;
  }
  return undefined;
}
