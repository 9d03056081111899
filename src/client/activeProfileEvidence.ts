// Tells the language server which profile is active, so that findings the profile proves costly
// say so (ACTIVE_PROFILE_NOTIFICATION). The active profile is the editor's (profileInEditor/
// activeProfile.ts: the last focused viewer with its sample type, or "Show Profile in Editor");
// a restarted server is told again.
import * as vscode from 'vscode';
import { LanguageClient, State } from 'vscode-languageclient/node';
import { ACTIVE_PROFILE_NOTIFICATION, ActiveProfileParams } from '../server/protocol';
import { activeProfile } from './profileInEditor/activeProfile';

let client: LanguageClient | undefined;
let last: ActiveProfileParams = { path: null };

/** The active profile for the server's evidence: a profile file and its sample type, or undefined for none. */
export function sendActiveProfile(path: string | undefined, sampleType?: string): void {
  const next: ActiveProfileParams = path ? { path, ...(sampleType ? { sampleType } : {}) } : { path: null };
  if (next.path === last.path && next.sampleType === last.sampleType) return;
  last = next;
  notify();
}

function notify(): void {
  if (!client?.isRunning()) return;
  client.sendNotification(ACTIVE_PROFILE_NOTIFICATION, last).catch(() => undefined);
}

export function registerActiveProfileEvidence(context: vscode.ExtensionContext, languageClient: LanguageClient): void {
  client = languageClient;
  const follow = (info: ReturnType<typeof activeProfile.current>) =>
    // Only files the server can read; a profile of another scheme has no local path.
    sendActiveProfile(info?.uri.scheme === 'file' ? info.uri.fsPath : undefined, info?.sampleType || undefined);
  context.subscriptions.push(
    activeProfile.onDidChangeActiveProfile(follow),
    languageClient.onDidChangeState(({ newState }) => {
      if (newState === State.Running && last.path) notify();
    }),
  );
  follow(activeProfile.current());
}
