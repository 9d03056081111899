// Flat typed-array view of the location table for the hot aggregation loops; built once per
// locations array (filters make a new one) and cached beside it.
import { Profile } from './model';

export interface StackTable {
  /** Frames of location i are locationFunctions[offsets[i] .. offsets[i + 1]), innermost first. */
  offsets: Int32Array;
  /** Function index of each frame. */
  locationFunctions: Int32Array;
}

const cache = new WeakMap<object, StackTable>();

export function stackTable(profile: Pick<Profile, 'locations' | 'frames'>): StackTable {
  let table = cache.get(profile.locations);
  if (table) {
    return table;
  }
  const locations = profile.locations;
  const offsets = new Int32Array(locations.length + 1);
  let total = 0;
  for (let i = 0; i < locations.length; i++) {
    offsets[i] = total;
    total += locations[i].frames.length;
  }
  offsets[locations.length] = total;
  const locationFunctions = new Int32Array(total);
  const frames = profile.frames;
  for (let i = 0; i < locations.length; i++) {
    const ids = locations[i].frames;
    for (let f = 0; f < ids.length; f++) {
      locationFunctions[offsets[i] + f] = frames[ids[f]].functionIndex;
    }
  }
  table = { offsets, locationFunctions };
  cache.set(locations, table);
  return table;
}
