import * as vscode from 'vscode';
import { errorMessage } from '../../contract/errorMessage';
import { commandTargetOf, type CommandTarget } from '../../core/inventory/tree/commandTarget';
import { showCommandError, type OutputLog } from '../log/outputLog';

/**
 * Registers a command of the product. `what` names it for people ("Move VM"): a failure is logged and shown as
 * "<what> failed: <reason>" with "Show Log", never a rejected command. A picker or dialog left open while the window
 * reloads or closes fails with VS Code's closed channel or cancellation: that is the window going away, logged as info.
 */
export function registerCommand(
  log: OutputLog,
  id: string,
  what: string,
  run: (target: CommandTarget) => unknown,
): vscode.Disposable {
  return vscode.commands.registerCommand(id, async (...args: unknown[]) => {
    try {
      await run(commandTargetOf(args));
    } catch (e) {
      if (windowClosing(e)) log.info(`${what}: stopped, the window closed while it asked.`);
      else await showCommandError(log, `${what} failed: ${errorMessage(e)}`);
    }
  });
}

function windowClosing(e: unknown): boolean {
  if (/Channel has been closed/i.test(errorMessage(e))) return true;
  return e instanceof Error && (e.name === 'Canceled' || e.message === 'Canceled');
}
