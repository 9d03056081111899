// pprof's focus/ignore/hide/show filters (profile.FilterSamplesByName), applied before aggregation.
import { Location, Profile, ProfileError, Sample } from './model';

/** Regular expressions as typed by the user (Go/RE2 syntax; a leading "(?i)" is honoured). */
export interface ProfileFilters {
  focus?: string;
  ignore?: string;
  hide?: string;
  show?: string;
}

export interface CompiledFilters {
  focus?: RegExp;
  ignore?: RegExp;
  hide?: RegExp;
  show?: RegExp;
}

function compile(name: string, source: string | undefined): RegExp | undefined {
  if (source === undefined || source === '') {
    return undefined;
  }
  let flags = '';
  let body = source;
  if (body.startsWith('(?i)')) {
    flags = 'i';
    body = body.slice(4);
  }
  try {
    return new RegExp(body, flags);
  } catch {
    throw new ProfileError(`The ${name} expression "${source}" is not a valid regular expression.`);
  }
}

export function compileFilters(filters: ProfileFilters): CompiledFilters {
  return {
    focus: compile('focus', filters.focus),
    ignore: compile('ignore', filters.ignore),
    hide: compile('hide', filters.hide),
    show: compile('show', filters.show),
  };
}

const FOCUSED = 1;
const IGNORED = 2;

/**
 * Returns a profile whose samples and locations are filtered like `go tool pprof -focus -ignore
 * -hide -show`: focus keeps samples with at least one matching location and ignore drops samples
 * with any; a location matches when one of its frames' function or file names, or its binary,
 * matches. Hide removes matching frames, show keeps only matching ones; samples left without
 * frames are dropped. The function, frame tables are shared with the input.
 */
export function applyFilters(profile: Profile, filters: ProfileFilters | CompiledFilters): Profile {
  const compiled = isCompiled(filters) ? filters : compileFilters(filters);
  const { focus, ignore, hide, show } = compiled;
  if (!focus && !ignore && !hide && !show) {
    return profile;
  }
  const functionNames = profile.functions.map((f) => f.name);
  // Memoised per distinct string: profiles repeat the same few files and names many times.
  const matcher = (re: RegExp) => {
    const byFunction = functionNames.map((name) => re.test(name));
    const byText = new Map<string, boolean>();
    const text = (s: string) => {
      let hit = byText.get(s);
      if (hit === undefined) {
        hit = s !== '' && re.test(s);
        byText.set(s, hit);
      }
      return hit;
    };
    return {
      frame: (frameId: number) => {
        const frame = profile.frames[frameId];
        return byFunction[frame.functionIndex] || text(frame.file);
      },
      mapping: (loc: Location) => loc.mappingFile !== '' && text(loc.mappingFile),
    };
  };
  const focusMatch = focus && matcher(focus);
  const ignoreMatch = ignore && matcher(ignore);
  const hideMatch = hide && matcher(hide);
  const showMatch = show && matcher(show);
  const locationMatches = (m: ReturnType<typeof matcher>, loc: Location) => loc.frames.some(m.frame) || m.mapping(loc);

  const state = new Uint8Array(profile.locations.length);
  const hidden = new Uint8Array(profile.locations.length);
  let anyHidden = false;
  const locations: Location[] = profile.locations.map((loc, index) => {
    if (ignoreMatch && locationMatches(ignoreMatch, loc)) {
      state[index] = IGNORED;
    } else if (!focusMatch || locationMatches(focusMatch, loc)) {
      state[index] = FOCUSED;
    }
    let frames = loc.frames;
    if (hideMatch && locationMatches(hideMatch, loc)) {
      frames = hideMatch.mapping(loc) ? [] : frames.filter((f) => !hideMatch.frame(f));
    }
    if (showMatch && !showMatch.mapping(loc)) {
      frames = frames.filter((f) => showMatch.frame(f));
    }
    if (frames.length === 0) {
      hidden[index] = 1;
      anyHidden = true;
    }
    return frames === loc.frames ? loc : { ...loc, frames };
  });

  const samples: Sample[] = [];
  for (const sample of profile.samples) {
    let focused = false;
    let ignored = false;
    for (const loc of sample.locations) {
      if (state[loc] === IGNORED) {
        ignored = true;
        break;
      }
      if (state[loc] === FOCUSED) {
        focused = true;
      }
    }
    if (ignored || !focused) {
      continue;
    }
    if (anyHidden) {
      const kept = sample.locations.filter((loc) => !hidden[loc]);
      if (kept.length === 0) {
        continue;
      }
      samples.push(kept.length === sample.locations.length ? sample : { ...sample, locations: kept });
    } else {
      samples.push(sample);
    }
  }
  return { ...profile, locations, samples };
}

function isCompiled(filters: ProfileFilters | CompiledFilters): filters is CompiledFilters {
  return Object.values(filters).some((v) => v instanceof RegExp);
}
