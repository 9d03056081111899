// Comparing two profiles the way `go tool pprof -diff_base=BASE NEW` does: the base's samples are
// negated and merged with the new profile's, so every aggregation (top, flame, lines) yields signed
// deltas, and the total percentages refer to is the base's total.
import { Frame, FunctionInfo, Location, Profile, ProfileError, Sample, ValueType } from './model';
import { functionValues } from './top';

const typeName = (t: ValueType) => `${t.type}/${t.unit}`;

/**
 * One sentence saying why `base` and `next` cannot be compared, or undefined when they can. pprof
 * merges only profiles with the same sample types (names and units, in order) and period type.
 */
type Shape = Pick<Profile, 'sampleTypes' | 'periodType'>;

export function incomparableReason<B extends Shape, N extends Shape>(base: B, next: N): string | undefined {
  const baseTypes = base.sampleTypes.map(typeName);
  const nextTypes = next.sampleTypes.map(typeName);
  if (baseTypes.join(',') !== nextTypes.join(',')) {
    const common = nextTypes.filter((t) => baseTypes.includes(t));
    const kinds = `the base has ${base.sampleTypes.map((t) => t.type).join(', ')} and this profile has ${next.sampleTypes.map((t) => t.type).join(', ')}`;
    return common.length === 0
      ? `These profiles cannot be compared: they have no sample type in common (${kinds}).`
      : `These profiles cannot be compared: their sample types differ (${kinds}).`;
  }
  const basePeriod = base.periodType ? typeName(base.periodType) : '';
  const nextPeriod = next.periodType ? typeName(next.periodType) : '';
  if (basePeriod !== nextPeriod && basePeriod !== '' && nextPeriod !== '') {
    return `These profiles cannot be compared: one samples by ${base.periodType!.type} and the other by ${next.periodType!.type}.`;
  }
  return undefined;
}

export interface DiffProfile {
  /** NEW's samples followed by BASE's with negated values; functions merged by name. */
  profile: Profile;
  /** Samples at or past this index came from the base. */
  baseSampleStart: number;
}

/**
 * The merged profile pprof builds for -diff_base. Headers follow profile.Merge with NEW first:
 * the earliest time (as pprof's loop picks it), summed durations, comments of both once each.
 * Throws ProfileError when the profiles are not comparable.
 */
export function diffProfile(base: Profile, next: Profile): DiffProfile {
  const reason = incomparableReason(base, next);
  if (reason !== undefined) {
    throw new ProfileError(reason);
  }
  const functions: FunctionInfo[] = next.functions.slice();
  const functionByName = new Map<string, number>();
  functions.forEach((fn, i) => functionByName.set(fn.name, i));
  const baseFunction = base.functions.map((fn) => {
    let index = functionByName.get(fn.name);
    if (index === undefined) {
      index = functions.length;
      functions.push(fn);
      functionByName.set(fn.name, index);
    }
    return index;
  });
  const frameOffset = next.frames.length;
  const frames: Frame[] = next.frames.concat(base.frames.map((f) => ({ ...f, functionIndex: baseFunction[f.functionIndex] })));
  const locationOffset = next.locations.length;
  const locations: Location[] = next.locations.concat(base.locations.map((l) => ({ frames: l.frames.map((f) => f + frameOffset), mappingFile: l.mappingFile })));
  const samples: Sample[] = next.samples.slice();
  for (const sample of base.samples) {
    const stack = new Array<number>(sample.locations.length);
    for (let i = 0; i < stack.length; i++) stack[i] = sample.locations[i] + locationOffset;
    const values = new Array<number>(sample.values.length);
    // `0 - v` rather than `-v`: a negative zero would print as "-0".
    for (let i = 0; i < values.length; i++) values[i] = 0 - sample.values[i];
    samples.push({ locations: stack, values });
  }

  let timeNanos = 0;
  for (const t of [next.timeNanos ?? 0, base.timeNanos ?? 0]) {
    if (timeNanos === 0 || t < timeNanos) timeNanos = t;
  }
  const comments = [...new Set([...next.comments, ...base.comments])];
  const durationNanos = (next.durationNanos ?? 0) + (base.durationNanos ?? 0);
  const profile: Profile = {
    ...next,
    functions,
    frames,
    locations,
    samples,
    comments,
    timeNanos: timeNanos || undefined,
    durationNanos: durationNanos || undefined,
    mainBinary: next.mainBinary || base.mainBinary,
    buildId: next.mainBinary ? next.buildId : base.buildId,
  };
  return { profile, baseSampleStart: next.samples.length };
}

/**
 * pprof's total for a diff (report.computeTotal): the sum of the base's absolute values when the
 * base has any, else the sum over everything.
 */
export function diffTotal(diff: DiffProfile, sampleIndex: number): number {
  let all = 0;
  let baseOnly = 0;
  const samples = diff.profile.samples;
  for (let s = 0; s < samples.length; s++) {
    const v = Math.abs(samples[s].values[sampleIndex]);
    all += v;
    if (s >= diff.baseSampleStart) baseOnly += v;
  }
  return baseOnly > 0 ? baseOnly : all;
}

export interface FunctionDelta {
  function: string;
  base: { flat: number; cum: number };
  next: { flat: number; cum: number };
  /** next minus base. */
  flat: number;
  cum: number;
}

/**
 * Base, new and delta flat/cum per function name, for a viewer's delta columns and tooltips.
 * Functions absent on both sides (all zero) are left out.
 */
export function functionDeltas(base: Profile, next: Profile, sampleIndex: number): Map<string, FunctionDelta> {
  const out = new Map<string, FunctionDelta>();
  const add = (profile: Profile, side: 'base' | 'next') => {
    const values = functionValues(profile, sampleIndex);
    profile.functions.forEach((fn, i) => {
      if (values.flat[i] === 0 && values.cum[i] === 0) return;
      let delta = out.get(fn.name);
      if (!delta) {
        delta = { function: fn.name, base: { flat: 0, cum: 0 }, next: { flat: 0, cum: 0 }, flat: 0, cum: 0 };
        out.set(fn.name, delta);
      }
      delta[side].flat += values.flat[i];
      delta[side].cum += values.cum[i];
    });
  };
  add(base, 'base');
  add(next, 'next');
  for (const delta of out.values()) {
    delta.flat = delta.next.flat - delta.base.flat;
    delta.cum = delta.next.cum - delta.base.cum;
  }
  return out;
}
