import bootstrap from './ps/bootstrap.ps1';
import dispatcher from './ps/dispatcher.ps1';
import sessions from './ps/sessions.ps1';

/** The dispatcher the engine loads into each local PowerShell: its three parts as one script, in this order. */
export const dispatcherScript: string = [bootstrap, sessions, dispatcher].join('\n');
