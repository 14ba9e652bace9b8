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

/** Asks for a full path on the host; the answer is trimmed, undefined when the box was dismissed. */
export async function askFolder(q: FolderQuestion): Promise<string | undefined> {
  const example = q.example ?? 'C:\\… or \\\\server\\share\\…';
  const v = await vscode.window.showInputBox({
    title: q.title,
    prompt: q.prompt ?? `A full path on the host: ${example}`,
    value: q.value,
    ignoreFocusOut: true,
    validateInput: (s) => {
      const path = s.trim();
      if (!isFullPath(path)) return `Enter a full path on the host: ${example}.`;
      if (q.current && samePath(path, q.current)) return 'The files are in this folder now; choose another.';
      if (q.refused && samePath(path, q.refused.path)) return q.refused.problem;
      return undefined;
    },
  });
  return v?.trim();
}
