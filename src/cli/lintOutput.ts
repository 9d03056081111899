import * as path from 'path';
import type { Finding, Rule } from '../core/rule';
import { editorPositions, type Range } from '../core/text';
import { Evidence, messageWithEvidence } from '../core/evidence';

/** One linted file's results, as the CLI reports them. */
export interface FileReport {
  file: string;
  findings: Finding[];
  /** With --profile: each finding's evidence (same order as findings), undefined when none. */
  evidence?: (Evidence | undefined)[];
}

/** A finding's message, with the evidence clause when a profile proves it costly. */
function messageOf(report: FileReport, index: number): string {
  const evidence = report.evidence?.[index];
  const message = report.findings[index].message;
  return evidence ? messageWithEvidence(message, evidence) : message;
}

/** The evidence as JSON and SARIF carry it: the profile file, what was measured, and the figure. */
function evidenceJson(report: FileReport, index: number) {
  const evidence = report.evidence?.[index];
  return evidence ? { file: displayPath(evidence.profile), sampleType: evidence.sampleType, unit: evidence.unit, value: evidence.value } : undefined;
}

export interface LintError {
  file: string;
  message: string;
}

/** Paths are printed relative to the working folder when they are inside it, as go vet does. */
export function displayPath(file: string, cwd: string = process.cwd()): string {
  const relative = path.relative(cwd, file);
  return relative && !relative.startsWith('..') && !path.isAbsolute(relative) ? relative : file;
}

function oneBased(range: Range) {
  return {
    start: { line: range.start.line + 1, column: range.start.character + 1 },
    end: { line: range.end.line + 1, column: range.end.character + 1 },
  };
}

/**
 * Reports with each finding's range in the lines an editor counts (LSP: a lone `\r` also ends a
 * line), as printed lines and columns must be; tree-sitter counts only `\n`. Ranges in the
 * reported file itself change (the finding's, related ones, fix edits), only when it has a lone
 * `\r`; `readText` gives a reported file's text (undefined: left as it is).
 */
export function inEditorLines(reports: readonly FileReport[], readText: (file: string) => string | undefined): FileReport[] {
  return reports.map((report) => {
    const text = readText(report.file);
    const toEditor = text === undefined ? undefined : editorPositions(text);
    if (!toEditor) return report;
    const convert = (range: Range): Range => ({ start: toEditor(range.start), end: toEditor(range.end) });
    const sameFile = (file: string | undefined) => file === undefined || file === report.file;
    return {
      ...report,
      findings: report.findings.map((finding) => ({
        ...finding,
        range: convert(finding.range),
        related: finding.related.map((related) => (sameFile(related.file) ? { ...related, range: convert(related.range) } : related)),
        fixes: finding.fixes.map((fix) => ({ ...fix, edits: fix.edits.map((edit) => (sameFile(edit.file) ? { ...edit, range: convert(edit.range) } : edit)) })),
      })),
    };
  });
}

export function formatText(reports: readonly FileReport[], errors: readonly LintError[]): string {
  const lines: string[] = [];
  for (const report of reports) {
    report.findings.forEach((finding, index) => {
      const { start } = oneBased(finding.range);
      lines.push(`${displayPath(report.file)}:${start.line}:${start.column}: ${messageOf(report, index)} (${finding.ruleId})`);
    });
  }
  for (const error of errors) lines.push(`${displayPath(error.file)}: ${error.message}`);
  return lines.length ? lines.join('\n') + '\n' : '';
}

export function formatJson(fileCount: number, reports: readonly FileReport[], errors: readonly LintError[]): string {
  const diagnostics = reports.flatMap((report) =>
    report.findings.map((finding, index) => ({
      file: displayPath(report.file),
      rule: finding.ruleId,
      severity: finding.severity,
      message: messageOf(report, index),
      ...(report.evidence?.[index] ? { evidence: evidenceJson(report, index) } : {}),
      range: oneBased(finding.range),
      // The other half of the pair: the Get of a Put, the uintptr store of a round trip, the go statement.
      related: finding.related.map((related) => ({ file: displayPath(related.file ?? report.file), range: oneBased(related.range), message: related.message })),
      fixes: finding.fixes.map((fix) => ({
        title: fix.title,
        edits: fix.edits.map((edit) => ({ file: displayPath(edit.file ?? report.file), range: oneBased(edit.range), newText: edit.newText })),
      })),
    })),
  );
  return JSON.stringify({ version: 1, files: fileCount, diagnostics, errors: errors.map((e) => ({ file: displayPath(e.file), message: e.message })) }, null, 2) + '\n';
}

const SARIF_LEVEL = { error: 'error', warning: 'warning', info: 'note', hint: 'note' } as const;

function sarifRegion(range: Range) {
  const { start, end } = oneBased(range);
  return { startLine: start.line, startColumn: start.column, endLine: end.line, endColumn: end.column };
}

function artifactUri(file: string): string {
  return displayPath(file).split(path.sep).map(encodeURIComponent).join('/');
}

/** SARIF 2.1.0: rule metadata in the driver, one result per finding, fixes as SARIF fixes. */
export function formatSarif(rules: readonly Rule[], version: string, reports: readonly FileReport[], errors: readonly LintError[], docsBase: string): string {
  const ruleIndex = new Map(rules.map((rule, index) => [rule.meta.id, index]));
  const results = reports.flatMap(({ file, findings, ...report }) =>
    findings.map((finding, index) => ({
      ruleId: finding.ruleId,
      ruleIndex: ruleIndex.get(finding.ruleId) ?? -1,
      level: SARIF_LEVEL[finding.severity],
      message: { text: messageOf({ file, findings, ...report }, index) },
      locations: [{ physicalLocation: { artifactLocation: { uri: artifactUri(file) }, region: sarifRegion(finding.range) } }],
      relatedLocations: finding.related.map((related, id) => ({
        id,
        message: { text: related.message },
        physicalLocation: { artifactLocation: { uri: artifactUri(related.file ?? file) }, region: sarifRegion(related.range) },
      })),
      fixes: finding.fixes.map((fix) => ({
        description: { text: fix.title },
        artifactChanges: groupByFile(fix.edits, file).map(([editFile, edits]) => ({
          artifactLocation: { uri: artifactUri(editFile) },
          replacements: edits.map((edit) => ({ deletedRegion: sarifRegion(edit.range), insertedContent: { text: edit.newText } })),
        })),
      })),
      // SARIF's property bag: the same evidence object as the JSON format's.
      ...(report.evidence?.[index] ? { properties: { evidence: evidenceJson({ file, findings, ...report }, index) } } : {}),
    })),
  );
  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'gomem',
            version,
            informationUri: docsBase,
            rules: rules.map((rule) => ({
              id: rule.meta.id,
              shortDescription: { text: rule.meta.description },
              helpUri: `${docsBase}/${rule.meta.docs}`,
              defaultConfiguration: { level: SARIF_LEVEL[rule.meta.defaultSeverity] },
              properties: { family: rule.meta.family, fixable: rule.meta.fixable },
            })),
          },
        },
        columnKind: 'utf16CodeUnits',
        results,
        invocations: [
          {
            executionSuccessful: errors.length === 0,
            toolExecutionNotifications: errors.map((error) => ({
              level: 'error',
              message: { text: error.message },
              locations: [{ physicalLocation: { artifactLocation: { uri: artifactUri(error.file) } } }],
            })),
          },
        ],
      },
    ],
  };
  return JSON.stringify(log, null, 2) + '\n';
}

function groupByFile<T extends { file?: string }>(edits: readonly T[], defaultFile: string): [string, T[]][] {
  const groups = new Map<string, T[]>();
  for (const edit of edits) {
    const file = edit.file ?? defaultFile;
    groups.set(file, [...(groups.get(file) ?? []), edit]);
  }
  return [...groups];
}
