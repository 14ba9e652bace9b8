import * as vscode from 'vscode';
import { isFullPath, samePath } from '../../core/windowsPath';

/** A folder on a host to ask for: every folder a move needs is asked for here. */
export interface FolderQuestion {
  readonly title: string;
  /** What the box starts with (a suggestion, or what was typed before). */
  readonly value: string;
  /** Shown under the box; by default what a full path looks like. */
  readonly prompt?: string;
  /** What a full path looks like, in the refusal of one that is not (default `C:\… or \\server\share\…`). */
  readonly example?: string;
  /** A path refused before (by preflight): refused with its reason, under the box, until the text changes. */
  readonly refused?: { readonly path: string; readonly problem: string };
  /** The folder the files are in now: refused where it is typed (moving there changes nothing). */
  readonly current?: string;
}

const defaultExample = 'C:\\… or \\\\server\\share\\…';

/** Why this text is not a folder to accept, or undefined. */
function problemOf(q: FolderQuestion, s: string): string | undefined {
  const path = s.trim();
  if (!isFullPath(path)) return `Enter a full path on the host: ${q.example ?? defaultExample}.`;
  if (q.current && samePath(path, q.current)) return 'The files are in this folder now; choose another.';
  if (q.refused && samePath(path, q.refused.path)) return q.refused.problem;
  return undefined;
}

/** Asks for a full path on the host; the answer is trimmed, undefined when the box was dismissed. */
export async function askFolder(q: FolderQuestion): Promise<string | undefined> {
  const v = await vscode.window.showInputBox({
    title: q.title,
    prompt: q.prompt ?? `A full path on the host: ${q.example ?? defaultExample}`,
    value: q.value,
    ignoreFocusOut: true,
    validateInput: (s) => problemOf(q, s),
  });
  return v?.trim();
}

/** The answer of a folder question that offers another way in its title bar (a button). */
export type FolderOrOther = { readonly folder: string } | { readonly other: true };

/**
 * As askFolder, with a button in the title bar for another way to answer (`other`: its tooltip and icon), e.g.
 * "Choose a folder for each disk…". Undefined when the box was dismissed.
 */
export function askFolderOr(
  q: FolderQuestion,
  other: { readonly tooltip: string; readonly icon: string },
): Promise<FolderOrOther | undefined> {
  const box = vscode.window.createInputBox();
  box.title = q.title;
  box.prompt = q.prompt ?? `A full path on the host: ${q.example ?? defaultExample}`;
  box.value = q.value;
  box.ignoreFocusOut = true;
  box.buttons = [{ iconPath: new vscode.ThemeIcon(other.icon), tooltip: other.tooltip }];
  const check = (): string | undefined => {
    const problem = problemOf(q, box.value);
    box.validationMessage = problem;
    return problem;
  };
  check();
  return new Promise((resolve) => {
    const done = (r: FolderOrOther | undefined): void => {
      for (const d of subscriptions) d.dispose();
      box.dispose();
      resolve(r);
    };
    const subscriptions = [
      box.onDidChangeValue(check),
      box.onDidAccept(() => {
        if (check() === undefined) done({ folder: box.value.trim() });
      }),
      box.onDidTriggerButton(() => done({ other: true })),
      box.onDidHide(() => done(undefined)),
    ];
    box.show();
  });
}
