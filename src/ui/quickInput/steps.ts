import * as vscode from 'vscode';

// showInputBox/showQuickPick offer no way back: a wizard built of these steps (createInputBox/createQuickPick) has a
// Back button on every step after the first, and a step re-asked shows the answer it had.

/** How a step ended: answered (written into the state), Back, or Escape (which ends the whole wizard). */
type Outcome = 'next' | 'back' | 'cancel';

/** Where a step is shown: its numbered title, whether Back is offered, and the one widget that is open at a time. */
interface Place {
  readonly title: string;
  readonly canGoBack: boolean;
  readonly open: (input: vscode.QuickInput) => void;
}

/** One question of a wizard over the answers S, asked only while `when` holds of the answers so far. */
export interface Step<S> {
  readonly when?: (answers: S) => boolean;
  /** This step's own title (what it asks about), in place of the wizard's. */
  readonly title?: (answers: S) => string;
  readonly ask: (answers: S, place: Place) => Promise<Outcome>;
}

/**
 * Asks the steps in order, with Back, numbering the title `title (n/total)` over the steps that apply to the answers
 * so far (a later answer can add or remove steps). True when the last step is answered, false on Escape.
 */
export async function runSteps<S>(title: string, answers: S, steps: readonly Step<S>[]): Promise<boolean> {
  let current: vscode.QuickInput | undefined;
  // The next widget replaces the previous one only when it is ready, so the quick input does not blink between steps.
  const open = (input: vscode.QuickInput): void => {
    current?.dispose();
    current = input;
    input.show();
  };
  const applies = (s: Step<S>): boolean => s.when?.(answers) ?? true;
  const visited: number[] = [];
  try {
    for (let i = 0; i < steps.length;) {
      const step = steps[i];
      if (!step || !applies(step)) {
        i++;
        continue;
      }
      const shown = steps.filter(applies);
      const place = {
        title: `${step.title?.(answers) ?? title} (${shown.indexOf(step) + 1}/${shown.length})`,
        canGoBack: visited.length > 0,
        open,
      };
      const outcome = await step.ask(answers, place);
      if (outcome === 'cancel') return false;
      if (outcome === 'back') i = visited.pop() ?? 0;
      else visited.push(i++);
    }
    return true;
  } finally {
    current?.dispose();
  }
}

/** Settles once with the first of the widget's events that ends the step, then drops its listeners. */
function settle<T>(
  input: vscode.InputBox | vscode.QuickPick<vscode.QuickPickItem>,
  place: Place,
  listen: (done: (r: T | Outcome) => void) => vscode.Disposable[],
): Promise<T | Outcome> {
  return new Promise((resolve) => {
    const done = (r: T | Outcome): void => {
      for (const d of subscriptions) d.dispose();
      resolve(r);
    };
    const subscriptions = [
      ...listen(done),
      input.onDidHide(() => done('cancel')),
      // The only button is Back.
      input.onDidTriggerButton(() => done('back')),
    ];
    place.open(input);
  });
}

/** A typed answer, validated as it is typed: Enter is refused while the value has a problem, which shows below it. */
export function inputStep<S>(q: {
  readonly when?: (answers: S) => boolean;
  readonly prompt: (answers: S) => string;
  readonly value: (answers: S) => string;
  readonly validate: (value: string, answers: S) => string | undefined;
  readonly answer: (answers: S, value: string) => void;
}): Step<S> {
  return {
    when: q.when,
    ask: async (answers, place) => {
      const box = vscode.window.createInputBox();
      box.title = place.title;
      box.prompt = q.prompt(answers);
      box.value = q.value(answers);
      box.ignoreFocusOut = true;
      box.buttons = place.canGoBack ? [vscode.QuickInputButtons.Back] : [];
      const check = (v: string): string | undefined => {
        const problem = q.validate(v, answers);
        box.validationMessage = problem;
        return problem;
      };
      check(box.value);
      const r = await settle<{ value: string }>(box, place, (done) => [
        box.onDidChangeValue(check),
        box.onDidAccept(() => {
          if (check(box.value) === undefined) done({ value: box.value });
        }),
      ]);
      if (typeof r === 'string') return r;
      q.answer(answers, r.value);
      return 'next';
    },
  };
}

/**
 * A choice among items, shown with the current answer active; typing filters the items and Enter picks. With `typed`,
 * what is typed is offered as an item of its own, first (e.g. a folder that is not among the suggestions); an item
 * `refused` says why in its own text and Enter on it does nothing.
 */
export function pickStep<S, T extends vscode.QuickPickItem>(q: {
  readonly when?: (answers: S) => boolean;
  readonly title?: (answers: S) => string;
  readonly placeholder: string | ((answers: S) => string);
  readonly items: (answers: S) => readonly T[];
  readonly chosen: (answers: S, item: T) => boolean;
  readonly answer: (answers: S, item: T) => void;
  readonly typed?: (answers: S, value: string) => T | undefined;
  readonly refused?: (item: T) => boolean;
}): Step<S> {
  return {
    when: q.when,
    title: q.title,
    ask: async (answers, place) => {
      const pick = vscode.window.createQuickPick<T>();
      pick.title = place.title;
      pick.placeholder = typeof q.placeholder === 'string' ? q.placeholder : q.placeholder(answers);
      pick.ignoreFocusOut = true;
      pick.buttons = place.canGoBack ? [vscode.QuickInputButtons.Back] : [];
      const base = q.items(answers);
      pick.items = base;
      // The answer given before is the active item; else the first (an empty selection would leave Enter doing nothing).
      const chosen = pick.items.filter((i) => q.chosen(answers, i)).slice(0, 1);
      if (chosen.length) pick.activeItems = chosen;
      let ownShown = false;
      const retype = (value: string): void => {
        const own = value.trim() ? q.typed?.(answers, value) : undefined;
        // Items are sent again only when the typed item comes or goes: each update renumbers the items, and a
        // selection already on its way from the window would then name another item.
        if (!own && !ownShown) return;
        ownShown = own !== undefined;
        pick.items = own ? [{ ...own, alwaysShow: true }, ...base] : base;
        // What was typed is what Enter takes, not the answer that was active before.
        if (own) pick.activeItems = [pick.items[0]!];
      };
      const r = await settle<{ item: T }>(pick, place, (done) => [
        ...(q.typed ? [pick.onDidChangeValue(retype)] : []),
        pick.onDidAccept(() => {
          const item = pick.selectedItems[0] ?? pick.activeItems[0];
          if (item && !q.refused?.(item)) done({ item });
        }),
      ]);
      if (typeof r === 'string') return r;
      q.answer(answers, r.item);
      return 'next';
    },
  };
}
