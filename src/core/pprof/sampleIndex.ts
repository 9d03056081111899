import { Profile, ProfileError } from './model';

/** pprof's -sample_index: empty → default, a number, a type name, or "inuse_x" for "x". */
/** Only the sample types are read, so a header without samples (a LeafProfile's) will do. */
export function sampleIndexByName(profile: Pick<Profile, 'sampleTypes' | 'defaultSampleIndex'> & Partial<Profile>, name?: string): number {
  if (name === undefined || name === '') {
    return profile.defaultSampleIndex;
  }
  const names = profile.sampleTypes.map((t) => t.type);
  if (/^\d+$/.test(name)) {
    const index = Number(name);
    if (index >= profile.sampleTypes.length) {
      throw new ProfileError(`Sample index ${name} is outside the range 0..${profile.sampleTypes.length - 1}.`);
    }
    return index;
  }
  const withoutInuse = name.replace(/^inuse_/, '');
  const index = names.findIndex((t) => t === name || t === withoutInuse);
  if (index < 0) {
    throw new ProfileError(`The profile has no sample type "${name}"; it has ${names.join(', ')}.`);
  }
  return index;
}

/** The total pprof prints: the sum of the absolute sample values. */
export function profileTotal(profile: Profile, sampleIndex: number): number {
  let total = 0;
  for (const sample of profile.samples) {
    total += Math.abs(sample.values[sampleIndex]);
  }
  return total;
}
