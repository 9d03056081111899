// Tells the language server which profile is active, so that findings the profile proves costly
// say so (ACTIVE_PROFILE_NOTIFICATION). The active profile is the last focused profile viewer
// until the "Show Profile in Editor" service takes over; a restarted server is told again.
import * as vscode from 'vscode';
import { LanguageClient, State } from 'vscode-languageclient/node';
import { ACTIVE_PROFILE_NOTIFICATION, ActiveProfileParams } from '../server/protocol';
import { PROFILE_VIEW_TYPE } from './profileViewer';

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

/** The profile file a tab shows in the profile viewer, if it is one. */
function profileOf(tab: vscode.Tab | undefined): vscode.Uri | undefined {
  const input = tab?.input;
  return input instanceof vscode.TabInputCustom && input.viewType.startsWith(PROFILE_VIEW_TYPE) && input.uri.scheme === 'file' ? input.uri : undefined;
}

export function registerActiveProfileEvidence(context: vscode.ExtensionContext, languageClient: LanguageClient): void {
  client = languageClient;
  context.subscriptions.push(
    languageClient.onDidChangeState(({ newState }) => {
      if (newState === State.Running && last.path) notify();
    }),
    // Focus moving to another editor group whose active tab is a profile viewer.
    vscode.window.tabGroups.onDidChangeTabGroups(() => {
      const focused = profileOf(vscode.window.tabGroups.activeTabGroup.activeTab);
      if (focused) sendActiveProfile(focused.fsPath);
    }),
    // The last focused profile viewer is the active profile; closing its last tab clears it.
    vscode.window.tabGroups.onDidChangeTabs(({ changed, opened, closed }) => {
      const focused = [...opened, ...changed].find((tab) => tab.isActive && tab.group.isActive && profileOf(tab));
      if (focused) {
        sendActiveProfile(profileOf(focused)!.fsPath);
        return;
      }
      if (!last.path || !closed.some((tab) => profileOf(tab)?.fsPath === last.path)) return;
      const stillOpen = vscode.window.tabGroups.all.some((group) => group.tabs.some((tab) => profileOf(tab)?.fsPath === last.path));
      if (!stillOpen) sendActiveProfile(undefined);
    }),
  );
  const current = profileOf(vscode.window.tabGroups.activeTabGroup.activeTab);
  if (current) sendActiveProfile(current.fsPath);
}
