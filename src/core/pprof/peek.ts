// pprof's peek: the callers and callees of one function, with the value that flows through each
// edge. Each edge counts a sample once, however often it repeats in a recursive stack, as pprof's
// call graph does.
import { Profile } from './model';
import { stackTable } from './stackTable';

export interface PeekEdge {
  functionIndex: number;
  /** Sum of the values of the samples in which this caller calls (or this callee is called by) the function. */
  value: number;
  /** value over the sum of the values on its side (callers or callees): pprof's calls%. */
  share: number;
}

export interface Peek {
  functionIndex: number;
  flat: number;
  cum: number;
  /** By value, largest first (then by name). */
  callers: PeekEdge[];
  callees: PeekEdge[];
}

/** Callers and callees of `functionIndex` for one sample type (pass a filtered profile for filters). */
export function peek(profile: Profile, sampleIndex: number, functionIndex: number): Peek {
  const { offsets, locationFunctions } = stackTable(profile);
  const callers = new Map<number, number>();
  const callees = new Map<number, number>();
  let flat = 0;
  let cum = 0;
  const stack: number[] = [];
  const seenCallers = new Set<number>();
  const seenCallees = new Set<number>();
  for (const sample of profile.samples) {
    const value = sample.values[sampleIndex];
    if (!value) continue;
    stack.length = 0;
    for (const location of sample.locations) {
      for (let f = offsets[location]; f < offsets[location + 1]; f++) stack.push(locationFunctions[f]);
    }
    if (!stack.includes(functionIndex)) continue;
    cum += value;
    if (stack[0] === functionIndex) flat += value;
    seenCallers.clear();
    seenCallees.clear();
    for (let i = 0; i < stack.length; i++) {
      if (stack[i] !== functionIndex) continue;
      if (i + 1 < stack.length) seenCallers.add(stack[i + 1]);
      if (i > 0) seenCallees.add(stack[i - 1]);
    }
    for (const caller of seenCallers) callers.set(caller, (callers.get(caller) ?? 0) + value);
    for (const callee of seenCallees) callees.set(callee, (callees.get(callee) ?? 0) + value);
  }
  const sorted = (edges: Map<number, number>): PeekEdge[] => {
    let sum = 0;
    for (const value of edges.values()) sum += Math.abs(value);
    return [...edges]
      .map(([index, value]) => ({ functionIndex: index, value, share: sum === 0 ? 0 : value / sum }))
      .sort((a, b) => Math.abs(b.value) - Math.abs(a.value) || compareNames(profile, a.functionIndex, b.functionIndex));
  };
  return { functionIndex, flat, cum, callers: sorted(callers), callees: sorted(callees) };
}

function compareNames(profile: Profile, a: number, b: number): number {
  const x = profile.functions[a].name;
  const y = profile.functions[b].name;
  return x < y ? -1 : x > y ? 1 : 0;
}
