import type { LintSettings } from '../engine';
import type { Rule } from '../rule';
import { mapPointerKey } from './mapPointerKey';
import { mapPointerValue } from './mapPointerValue';
import { mapUnboundedCache } from './mapUnboundedCache';
import { goroutineCapturesRequest } from './goroutineCapturesRequest';
import { poolPutNonPointer } from './poolPutNonPointer';
import { poolPutUnboundedBuffer } from './poolPutUnboundedBuffer';
import { poolPutWithoutReset } from './poolPutWithoutReset';
import { unsafeHiddenPointerStore } from './unsafeHiddenPointerStore';
import { unsafeStringHeaderCast } from './unsafeStringHeaderCast';
import { unsafeSliceHeader } from './unsafeSliceHeader';
import { unsafePointerArithmetic } from './unsafePointerArithmetic';
import { unsafeUintptrRoundtrip } from './unsafeUintptrRoundtrip';
import { deferInLoop } from './deferInLoop';
import { cleanupSelfReference } from './cleanupSelfReference';
import { timerAfterInLoop } from './timerAfterInLoop';
import { timerTickerNotStopped } from './timerTickerNotStopped';
import { goroutineBlockedSend } from './goroutineBlockedSend';
import { requestBodyUnbounded } from './requestBodyUnbounded';
import { retainSubslice } from './retainSubslice';

/** Every rule gomem has, in the order listings show them. */
export const ALL_RULES: readonly Rule[] = [
  mapPointerValue,
  mapPointerKey,
  mapUnboundedCache,
  poolPutWithoutReset,
  poolPutUnboundedBuffer,
  poolPutNonPointer,
  unsafeUintptrRoundtrip,
  unsafePointerArithmetic,
  unsafeSliceHeader,
  unsafeStringHeaderCast,
  unsafeHiddenPointerStore,
  goroutineCapturesRequest,
  goroutineBlockedSend,
  requestBodyUnbounded,
  timerAfterInLoop,
  timerTickerNotStopped,
  retainSubslice,
  cleanupSelfReference,
  deferInLoop,
];

export function findRule(id: string): Rule | undefined {
  return ALL_RULES.find((rule) => rule.meta.id === id);
}

/** Every rule's id: `only` these runs the off-by-default rules too (--all-rules, reviews, benchmarks). */
export const ALL_RULE_IDS: readonly string[] = ALL_RULES.map((rule) => rule.meta.id);

/** Settings that run every rule, the off-by-default ones too. */
export const EVERY_RULE: LintSettings = { only: new Set(ALL_RULE_IDS) };
