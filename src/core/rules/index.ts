import type { Rule } from '../rule';
import { goroutineCapturesRequest } from './goroutineCapturesRequest';
import { poolPutNonPointer } from './poolPutNonPointer';
import { poolPutUnboundedBuffer } from './poolPutUnboundedBuffer';
import { poolPutWithoutReset } from './poolPutWithoutReset';

/** Every rule gomem has, in the order listings show them. */
export const ALL_RULES: readonly Rule[] = [poolPutWithoutReset, poolPutUnboundedBuffer, poolPutNonPointer, goroutineCapturesRequest];

export function findRule(id: string): Rule | undefined {
  return ALL_RULES.find((rule) => rule.meta.id === id);
}
