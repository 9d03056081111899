import * as fs from 'fs';
import type { LintSettings } from '../core/engine';
import { readGoFile, WriteGuard } from '../core/fileAccess';
import { Linter } from '../core/linter';
import type { Finding, Fix } from '../core/rule';
import { applyEdits, LineIndex, TextEdit } from '../core/text';
import { displayPath, FileReport, formatText, LintError } from './lintOutput';
import { lintWith } from './lintRunner';

/** `gomem lint --fix`: how many times the files are re-linted to pick up fixes that overlapped. */
export const MAX_FIX_ROUNDS = 4;

export interface AppliedFix {
  /** The file whose finding offered the fix. */
  file: string;
  ruleId: string;
  title: string;
  /** Every file the fix edited (a fix may touch other files of the package). */
  changedFiles: string[];
}

/** A preferred fix left unapplied because it would write where --fix must not. */
export interface RefusedFix {
  file: string;
  ruleId: string;
  title: string;
  /** The file it would have written and why not. */
  target: string;
  reason: string;
}

export interface FixOptions {
  /** The files and folders given on the command line: fixes write only inside them. */
  writableRoots: readonly string[];
  maxFileBytes?: number;
  fileTimeBudgetSeconds?: number;
  maxRounds?: number;
}

export interface FixOutcome {
  applied: AppliedFix[];
  refused: RefusedFix[];
  /** What the last lint still reports, after every round of fixes. */
  remaining: FileReport[];
  errors: LintError[];
  rounds: number;
}

/**
 * Applies every finding's preferred fix in place. Fixes whose edits overlap one already taken
 * in a round wait for the next round, which re-lints the changed text; rounds stop when
 * nothing more applies or after `maxRounds`. A fix that would write a file that is not a regular
 * file inside `writableRoots` (a package sibling symlinked from elsewhere) is not applied at all.
 * Files that cannot be linted are errors; the others are still fixed.
 */
export async function fixFiles(files: readonly string[], settings: LintSettings, options: FixOptions): Promise<FixOutcome> {
  const linter = await Linter.create();
  if (options.maxFileBytes !== undefined) linter.maxFileBytes = options.maxFileBytes;
  if (options.fileTimeBudgetSeconds !== undefined) linter.fileTimeBudgetSeconds = options.fileTimeBudgetSeconds;
  const guard = new WriteGuard(options.writableRoots);
  const maxRounds = options.maxRounds ?? MAX_FIX_ROUNDS;
  const applied: AppliedFix[] = [];
  const refused = new Map<string, RefusedFix>();
  let rounds = 0;
  for (; rounds < maxRounds; rounds++) {
    const { reports } = lintWith(linter, files, settings);
    const round = chooseFixes(reports, guard, linter.maxFileBytes);
    for (const refusal of round.refused) refused.set(`${refusal.file}\0${refusal.ruleId}\0${refusal.title}\0${refusal.target}`, refusal);
    if (round.fixes.length === 0) break;
    for (const [file, edits] of round.editsByFile) {
      fs.writeFileSync(file, applyEdits(readGoFile(file, linter.maxFileBytes), edits));
    }
    applied.push(...round.fixes);
    linter.clearCache();
  }
  const { reports, errors } = lintWith(linter, files, settings);
  return { applied, refused: [...refused.values()], remaining: reports, errors, rounds };
}

interface OffsetEdit {
  start: number;
  end: number;
  newText: string;
}

/**
 * Picks, in file and position order, each finding's preferred fix unless one of its edits
 * overlaps an edit already picked (then it waits for the next round). A fix identical to one
 * already picked (several findings sharing one whole-pool rewrite) is taken once.
 */
function chooseFixes(
  reports: readonly FileReport[],
  guard: WriteGuard,
  maxFileBytes: number,
): { fixes: AppliedFix[]; refused: RefusedFix[]; editsByFile: Map<string, TextEdit[]> } {
  const editsByFile = new Map<string, TextEdit[]>();
  const takenByFile = new Map<string, OffsetEdit[]>();
  const indexes = new Map<string, LineIndex>();
  const fixes: AppliedFix[] = [];
  const refused: RefusedFix[] = [];
  const refusals = new Map<string, string | undefined>();
  const refusalOf = (file: string) => {
    if (!refusals.has(file)) refusals.set(file, guard.refusal(file));
    return refusals.get(file);
  };
  const indexOf = (file: string) => {
    let index = indexes.get(file);
    if (!index) indexes.set(file, (index = new LineIndex(readGoFile(file, maxFileBytes))));
    return index;
  };
  for (const { file, findings } of reports) {
    for (const finding of findings) {
      const fix = preferredFix(finding);
      if (!fix || fix.edits.length === 0) continue;
      const targets = [...new Set(fix.edits.map((edit) => edit.file ?? file))];
      const forbidden = targets.find((target) => refusalOf(target) !== undefined);
      if (forbidden) {
        refused.push({ file, ruleId: finding.ruleId, title: fix.title, target: forbidden, reason: refusalOf(forbidden)! });
        continue;
      }
      const planned = fix.edits.map((edit) => {
        const target = edit.file ?? file;
        const index = indexOf(target);
        return { target, edit, offsets: { start: index.offsetAt(edit.range.start), end: index.offsetAt(edit.range.end), newText: edit.newText } };
      });
      const duplicate = planned.every(({ target, offsets }) => (takenByFile.get(target) ?? []).some((taken) => sameEdit(taken, offsets)));
      if (duplicate) continue;
      const overlaps = planned.some(({ target, offsets }) => (takenByFile.get(target) ?? []).some((taken) => overlap(taken, offsets)));
      if (overlaps) continue;
      for (const { target, edit, offsets } of planned) {
        takenByFile.set(target, [...(takenByFile.get(target) ?? []), offsets]);
        editsByFile.set(target, [...(editsByFile.get(target) ?? []), { range: edit.range, newText: edit.newText }]);
      }
      fixes.push({ file, ruleId: finding.ruleId, title: fix.title, changedFiles: [...new Set(planned.map(({ target }) => target))] });
    }
  }
  return { fixes, refused, editsByFile };
}

function preferredFix(finding: Finding): Fix | undefined {
  return finding.fixes.find((fix) => fix.preferred);
}

function sameEdit(a: OffsetEdit, b: OffsetEdit): boolean {
  return a.start === b.start && a.end === b.end && a.newText === b.newText;
}

/** Two edits collide when their ranges intersect, or both insert at the same point. */
function overlap(a: OffsetEdit, b: OffsetEdit): boolean {
  const aInserts = a.start === a.end;
  const bInserts = b.start === b.end;
  if (aInserts && bInserts) return a.start === b.start;
  if (aInserts) return b.start < a.start && a.start < b.end;
  if (bInserts) return a.start < b.start && b.start < a.end;
  return a.start < b.end && b.start < a.end;
}

/** The text `gomem lint --fix` prints: what changed per file, then what is left. */
export function formatFixOutcome(outcome: FixOutcome): string {
  const lines: string[] = [];
  const byFile = new Map<string, AppliedFix[]>();
  for (const fix of outcome.applied) for (const file of fix.changedFiles) byFile.set(file, [...(byFile.get(file) ?? []), fix]);
  for (const [file, fixes] of [...byFile].sort(([a], [b]) => a.localeCompare(b))) {
    lines.push(`fixed ${displayPath(file)}:`);
    for (const fix of fixes) lines.push(`  ${fix.title} (${fix.ruleId}${fix.file === file ? '' : `, from ${displayPath(fix.file)}`})`);
  }
  let text = lines.length ? lines.join('\n') + '\n' : '';
  const remaining = outcome.remaining.reduce((count, report) => count + report.findings.length, 0);
  const wasRefused = (file: string, finding: Finding) =>
    outcome.refused.some((refusal) => refusal.file === file && refusal.ruleId === finding.ruleId && refusal.title === preferredFix(finding)?.title);
  const fixable = outcome.remaining.reduce(
    (count, report) => count + report.findings.filter((finding) => preferredFix(finding) && !wasRefused(report.file, finding)).length,
    0,
  );
  for (const refusal of outcome.refused) {
    text += `not applied: ${refusal.title} (${refusal.ruleId}, from ${displayPath(refusal.file)}) would write ${displayPath(refusal.target)}, but ${refusal.reason}\n`;
  }
  if (remaining) text += `remaining findings:\n${formatText(outcome.remaining, [])}`;
  const files = byFile.size;
  text += `gomem: applied ${outcome.applied.length} fix${outcome.applied.length === 1 ? '' : 'es'} in ${files} file${files === 1 ? '' : 's'}; ${remaining} finding${remaining === 1 ? '' : 's'} remain${remaining === 1 ? 's' : ''}`;
  text += fixable ? ` (${fixable} still fixable after ${outcome.rounds} rounds)\n` : '\n';
  return text;
}
