/**
 * A host operation is built apart from running it: which bundled script, with which parameter values, and how to
 * read what the host returned. The engine sends `script.text` byte-for-byte and the values as JSON parameters, so no
 * user data ever becomes PowerShell code.
 */
export interface HostScript {
  /** File name in src/scripts, e.g. `get-inventory.ps1`; used in logs and errors. */
  readonly name: string;
  /** The script's text exactly as bundled. */
  readonly text: string;
}

/** JSON-serialisable parameter values; keys are the script's `param()` names. */
export type ParameterValue = string | number | boolean | null | ParameterValue[] | { [key: string]: ParameterValue };
export type Parameters = Readonly<Record<string, ParameterValue>>;

export interface HostOperation<R> {
  readonly script: HostScript;
  readonly parameters: Parameters;
  /**
   * Whether running the script a second time does no more than the first run did (reads; settings set to absolute
   * values). Only such operations are sent again when a connection breaks mid-run; for the others the engine answers
   * that the outcome is unknown, and the caller asks the host what happened.
   */
  readonly idempotent: boolean;
  /** Turns the host's JSON output (already parsed) into typed data; throws on a shape it does not expect. */
  readonly parse: (value: unknown) => R;
}

export function hostScript(name: string, text: string): HostScript {
  return { name, text };
}
