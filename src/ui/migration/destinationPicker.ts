import * as vscode from 'vscode';
import type { PlacementRating } from '../../core/migration/rating/placementRating';
import { ratingSummary, reasonsList, unsuitableText } from '../../core/migration/rating/ratingText';

/**
 * A pick list of rated destinations: the ratings from the inventory at once, then, while the hosts are asked (one
 * round), busy, and replaced by the ratings with their answers. Best first; unsuitable hosts at the bottom under
 * their own separator, with the reason — picking one says why in the picker and leaves it open.
 */
export interface RatedPick {
  readonly title: string;
  readonly placeHolder: string;
  /** Rated from the inventory alone: shown at once. */
  readonly initial: readonly PlacementRating[];
  /** Rated with the hosts' answers; the picker is busy until it settles. */
  readonly full: Promise<readonly PlacementRating[]>;
}

type Item = vscode.QuickPickItem & { readonly rating?: PlacementRating };

/** How many reasons a row shows under its name. */
const reasonsShown = 3;

export function itemsOf(ratings: readonly PlacementRating[]): Item[] {
  const row = (r: PlacementRating): Item => ({
    label: r.host,
    description: ratingSummary(r),
    detail: reasonsList(r).slice(0, reasonsShown).join('  ·  '),
    rating: r,
  });
  const fit = ratings.filter((r) => r.verdict !== 'unsuitable');
  const unfit = ratings.filter((r) => r.verdict === 'unsuitable');
  return [
    ...fit.map(row),
    ...(unfit.length ? [{ label: 'Unsuitable', kind: vscode.QuickPickItemKind.Separator }] : []),
    ...unfit.map(row),
  ];
}

export function pickRated(pick: RatedPick): Promise<PlacementRating | undefined> {
  const qp = vscode.window.createQuickPick<Item>();
  qp.title = pick.title;
  qp.ignoreFocusOut = true;
  qp.matchOnDescription = true;
  qp.matchOnDetail = true;
  qp.items = itemsOf(pick.initial);
  qp.busy = true;
  qp.placeholder = `${pick.placeHolder} (rating: asking the hosts…)`;
  return new Promise<PlacementRating | undefined>((resolve) => {
    let done = false;
    const finish = (r: PlacementRating | undefined): void => {
      if (done) return;
      done = true;
      resolve(r);
      qp.hide();
    };
    pick.full.then(
      (ratings) => {
        if (done) return;
        qp.items = itemsOf(ratings);
        qp.busy = false;
        qp.placeholder = pick.placeHolder;
      },
      () => {
        qp.busy = false;
        qp.placeholder = `${pick.placeHolder} (rated from the inventory alone)`;
      },
    );
    qp.onDidAccept(() => {
      const r = qp.selectedItems[0]?.rating ?? qp.activeItems[0]?.rating;
      if (!r) return;
      // Shown where it happened, and the list stays: the user picks another.
      if (r.verdict === 'unsuitable') qp.placeholder = `✖ ${unsuitableText(r)} Pick another.`;
      else finish(r);
    });
    qp.onDidHide(() => {
      finish(undefined);
      qp.dispose();
    });
    qp.show();
  });
}
