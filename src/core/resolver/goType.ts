import type { Node as SyntaxNode } from 'web-tree-sitter';
import type { SourceFile } from '../rule';
import { defaultImportName } from './fileSummary';

/**
 * What the resolver says a Go type is. Structural kinds carry their parts; a named type carries
 * its package (import path, '' for the package being linted) and name. `unknown` is an answer:
 * a rule that gets it stays silent.
 */
export type TypeKind =
  | 'unknown'
  /** A generic type parameter: as good as unknown, but says why. */
  | 'typeParam'
  | 'basic'
  | 'named'
  | 'pointer'
  | 'unsafePointer'
  | 'slice'
  | 'array'
  | 'map'
  | 'chan'
  | 'func'
  | 'struct'
  | 'interface'
  /** The results of a call with several. */
  | 'tuple'
  | 'nil';

export interface GoType {
  readonly kind: TypeKind;
  /** The type as Go source spells it where it was found ('' when it cannot be spelled). */
  readonly text: string;
  /** basic: `int`, `string`...; named: the type's name; interface: `error` for the predeclared one. */
  readonly name?: string;
  /** named: the declaring package's import path, '' for the package being linted. */
  readonly pkg?: string;
  /** pointer, slice, array, chan: the element; map: the value. */
  readonly elem?: GoType;
  /** map: the key. */
  readonly key?: GoType;
  /** array: the length, when a constant the syntax shows. */
  readonly length?: number;
  /** func: the results; tuple: its members. */
  readonly results?: readonly GoType[];
  /** basic: an untyped constant (`1`, `"x"`). */
  readonly untyped?: boolean;
  /** named: the type arguments of a generic instantiation, as written (`Pool[int]`). */
  readonly typeArgs?: readonly GoType[];
  /** struct, interface, func: the type literal; named of this package: its spec. */
  readonly node?: SyntaxNode;
  /** Where `node` is written (its imports qualify the names inside). */
  readonly file?: SourceFile;
}

export const UNKNOWN: GoType = { kind: 'unknown', text: '' };
export const TYPE_PARAM: GoType = { kind: 'typeParam', text: '' };
export const NIL: GoType = { kind: 'nil', text: 'nil' };

export const INTEGER_TYPES: ReadonlySet<string> = new Set([
  'int', 'int8', 'int16', 'int32', 'int64', 'uint', 'uint8', 'uint16', 'uint32', 'uint64', 'uintptr', 'byte', 'rune',
]);
export const NUMERIC_TYPES: ReadonlySet<string> = new Set([...INTEGER_TYPES, 'float32', 'float64', 'complex64', 'complex128']);
export const BASIC_TYPES: ReadonlySet<string> = new Set([...NUMERIC_TYPES, 'bool', 'string']);

export function basic(name: string, untyped = false): GoType {
  return untyped ? { kind: 'basic', name, text: name, untyped } : { kind: 'basic', name, text: name };
}

export function pointerTo(elem: GoType): GoType {
  return { kind: 'pointer', elem, text: elem.text ? `*${elem.text}` : '' };
}

export function sliceOf(elem: GoType): GoType {
  return { kind: 'slice', elem, text: elem.text ? `[]${elem.text}` : '' };
}

export function named(pkg: string, name: string, text?: string): GoType {
  return { kind: 'named', pkg, name, text: text ?? (pkg ? `${defaultImportName(pkg)}.${name}` : name) };
}

export function isKnown(type: GoType): boolean {
  return type.kind !== 'unknown' && type.kind !== 'typeParam';
}

/** Whether the type is the named type `pkg.name` (`sync`, `Pool`), not a pointer to it. */
export function isNamed(type: GoType | undefined, pkg: string, name: string): boolean {
  return type?.kind === 'named' && type.pkg === pkg && type.name === name;
}

/** Whether the type is `*pkg.name`. */
export function isPointerToNamed(type: GoType | undefined, pkg: string, name: string): boolean {
  return type?.kind === 'pointer' && isNamed(type.elem, pkg, name);
}

/** `T` or `*T` of the named type `pkg.name`. */
export function isNamedOrPointer(type: GoType | undefined, pkg: string, name: string): boolean {
  return isNamed(type, pkg, name) || isPointerToNamed(type, pkg, name);
}

/**
 * A type written in a table of the standard library: `*bytes.Buffer`, `[]byte`, `error`,
 * `net/http.Header` (a qualified name is the full import path, then the type's name).
 */
export function stdType(spec: string): GoType {
  if (spec.startsWith('*')) return pointerTo(stdType(spec.slice(1)));
  if (spec.startsWith('[]')) return sliceOf(stdType(spec.slice(2)));
  if (spec === 'error') return { kind: 'interface', name: 'error', text: 'error' };
  if (spec === 'any') return { kind: 'interface', text: 'any' };
  if (spec === 'unsafe.Pointer') return { kind: 'unsafePointer', text: 'unsafe.Pointer' };
  if (BASIC_TYPES.has(spec)) return basic(spec);
  const dot = spec.lastIndexOf('.');
  return dot > 0 ? named(spec.slice(0, dot), spec.slice(dot + 1)) : UNKNOWN;
}
