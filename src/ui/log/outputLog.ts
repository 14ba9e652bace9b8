import * as vscode from 'vscode';
import type { RequestLogEntry, RequestLogger } from '../../contract/hostRunner';

/** The "Hyper-V Mobility" output channel: one line per request (hosts, script, duration, outcome), never values. */
export class OutputLog implements RequestLogger, vscode.Disposable {
  constructor(private readonly channel: vscode.LogOutputChannel) {}

  log(entry: RequestLogEntry): void {
    const line = `${entry.script} → ${entry.hosts.join(', ')}: ${entry.outcome} (${entry.durationMs} ms)`;
    if (entry.outcome === 'ok') this.channel.info(line);
    else this.channel.warn(line);
  }

  info(message: string): void {
    this.channel.info(message);
  }

  error(message: string): void {
    this.channel.error(message);
  }

  show(): void {
    this.channel.show(true);
  }

  dispose(): void {
    this.channel.dispose();
  }
}

/** Errors of commands: a notification with "Show Log", and the full text in the log. */
export async function showCommandError(log: OutputLog, message: string): Promise<void> {
  log.error(message);
  const choice = await vscode.window.showErrorMessage(message, 'Show Log');
  if (choice === 'Show Log') log.show();
}
