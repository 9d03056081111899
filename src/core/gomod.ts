import * as fs from 'fs';
import * as path from 'path';
import { GoVersion, NEWEST_KNOWN_GO, parseGoVersion } from './goVersion';

export interface GoModule {
  /** Absolute path of go.mod, or undefined when no go.mod encloses the file. */
  goModPath?: string;
  modulePath?: string;
  goVersion: GoVersion;
}

/** Reads the parts of a go.mod that gomem uses: the module path and the `go` line. */
export function parseGoMod(text: string): { modulePath?: string; goVersion?: GoVersion } {
  const module = /^\s*module\s+("?)([^\s"]+)\1/m.exec(text);
  const go = /^\s*go\s+(\d+\.\d+)/m.exec(text);
  return { modulePath: module?.[2], goVersion: go ? parseGoVersion(go[1]) : undefined };
}

/**
 * Finds the nearest go.mod at or above a file's folder. Results are cached per folder;
 * `invalidate` drops them when a go.mod changes.
 */
export class GoModuleResolver {
  private readonly byDirectory = new Map<string, GoModule>();

  constructor(private readonly readFile: (file: string) => string | undefined = readIfExists) {}

  moduleFor(filePath: string): GoModule {
    return this.moduleForDirectory(path.dirname(path.resolve(filePath)));
  }

  invalidate(): void {
    this.byDirectory.clear();
  }

  private moduleForDirectory(directory: string): GoModule {
    const cached = this.byDirectory.get(directory);
    if (cached) return cached;
    const goModPath = path.join(directory, 'go.mod');
    const text = this.readFile(goModPath);
    let result: GoModule;
    if (text !== undefined) {
      const parsed = parseGoMod(text);
      result = { goModPath, modulePath: parsed.modulePath, goVersion: parsed.goVersion ?? NEWEST_KNOWN_GO };
    } else {
      const parent = path.dirname(directory);
      result = parent === directory ? { goVersion: NEWEST_KNOWN_GO } : this.moduleForDirectory(parent);
    }
    this.byDirectory.set(directory, result);
    return result;
  }
}

function readIfExists(file: string): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}
