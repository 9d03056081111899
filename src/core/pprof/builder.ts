// Assembles a Profile from symbolized stacks, for the text formats that have no tables of their own.
import { FunctionInfo, Frame, GoroutineInfo, Location, Profile, ProfileFormat, Sample, ValueType } from './model';

export interface TextFrame {
  functionName: string;
  file: string;
  line: number;
}

export class ProfileBuilder {
  private readonly functions: FunctionInfo[] = [];
  private readonly functionByName = new Map<string, number>();
  private readonly frames: Frame[] = [];
  private readonly locations: Location[] = [];
  private readonly locationByKey = new Map<string, number>();
  readonly samples: Sample[] = [];

  /** A location identified by key (a program counter, or the frames themselves), frames innermost first. */
  location(key: string, frames: TextFrame[]): number {
    const existing = this.locationByKey.get(key);
    if (existing !== undefined) {
      return existing;
    }
    const frameIds = frames.map((frame, i) => {
      let functionIndex = this.functionByName.get(frame.functionName);
      if (functionIndex === undefined) {
        functionIndex = this.functions.length;
        this.functions.push({ name: frame.functionName, file: frame.file, startLine: 0 });
        this.functionByName.set(frame.functionName, functionIndex);
      }
      this.frames.push({ functionIndex, file: frame.file, line: frame.line, inlined: i < frames.length - 1 });
      return this.frames.length - 1;
    });
    const index = this.locations.length;
    this.locations.push({ frames: frameIds, mappingFile: '' });
    this.locationByKey.set(key, index);
    return index;
  }

  addSample(locations: number[], values: number[], goroutines?: GoroutineInfo[], numLabels?: Record<string, number[]>, labels?: Record<string, string[]>): void {
    const sample: Sample = { locations, values };
    if (labels) {
      sample.labels = labels;
    }
    if (goroutines) {
      sample.goroutines = goroutines;
    }
    if (numLabels) {
      sample.numLabels = numLabels;
    }
    this.samples.push(sample);
  }

  build(format: ProfileFormat, sampleTypes: ValueType[], extra: Partial<Profile> = {}): Profile {
    return {
      format,
      sampleTypes,
      defaultSampleIndex: sampleTypes.length - 1,
      comments: [],
      mainBinary: '',
      buildId: '',
      functions: this.functions,
      frames: this.frames,
      locations: this.locations,
      samples: this.samples,
      ...extra,
    };
  }
}
