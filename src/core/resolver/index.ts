// The package index and type resolver every rule asks; see README.md in this folder.
export { Resolver } from './resolver';
export type { Declaration, Layout, ResolvedField } from './resolver';
export type { ImportSpec, MethodDeclaration, TopDeclaration } from './fileSummary';
export { defaultImportName } from './fileSummary';
export * from './goType';
