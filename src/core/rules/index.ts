import type { Rule } from '../rule';
import { mapPointerKey } from './mapPointerKey';
import { goroutineCapturesRequest } from './goroutineCapturesRequest';
import { mapPointerValue } from './mapPointerValue';
import { poolPutNonPointer } from './poolPutNonPointer';
import { poolPutUnboundedBuffer } from './poolPutUnboundedBuffer';
import { poolPutWithoutReset } from './poolPutWithoutReset';
import { unsafeHiddenPointerStore } from './unsafeHiddenPointerStore';
import { unsafePointerArithmetic } from './unsafePointerArithmetic';
import { unsafeSliceHeader } from './unsafeSliceHeader';
import { unsafeStringHeaderCast } from './unsafeStringHeaderCast';
import { unsafeUintptrRoundtrip } from './unsafeUintptrRoundtrip';

/** Every rule gomem has, in the order listings show them. */
export const ALL_RULES: readonly Rule[] = [poolPutWithoutReset, poolPutUnboundedBuffer, poolPutNonPointer, goroutineCapturesRequest, unsafeUintptrRoundtrip, unsafePointerArithmetic, unsafeSliceHeader, unsafeStringHeaderCast, unsafeHiddenPointerStore, mapPointerValue, mapPointerKey];

export function findRule(id: string): Rule | undefined {
  return ALL_RULES.find((rule) => rule.meta.id === id);
}
