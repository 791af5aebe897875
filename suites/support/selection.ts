// Which behaviours a run selected (npm run conformance -- --category/--operation/--behaviour/--effect).
// The command checks the selection against the collected behaviours and hands it to the vitest
// worker in PTERO_SELECTION; the worker registers only the selected behaviours.
import type { SideEffect } from '../../harness/behaviour-meta.ts';

export interface Selection {
  /** Categories, e.g. application/users (a prefix ending at a `/` selects the sub-categories too). */
  categories?: string[];
  operations?: string[];
  /** Behaviour ids or prefixes of them (users.view selects users.view.unknown-id). */
  behaviours?: string[];
  effects?: SideEffect[];
}

export interface SelectableBehaviour {
  behaviour: string;
  category: string;
  operation?: string;
  effect: SideEffect;
}

export const SELECTION_VARIABLE = 'PTERO_SELECTION';

export function isEmptySelection(selection: Selection): boolean {
  return !selection.categories?.length && !selection.operations?.length && !selection.behaviours?.length && !selection.effects?.length;
}

/** Every criterion given must hold (within one criterion, any value). */
export function selects(selection: Selection, b: SelectableBehaviour): boolean {
  if (selection.categories?.length && !selection.categories.some((c) => b.category === c || b.category.startsWith(`${c.replace(/\/+$/, '')}/`))) return false;
  if (selection.operations?.length && !selection.operations.includes(b.operation ?? '')) return false;
  if (selection.behaviours?.length && !selection.behaviours.some((id) => b.behaviour.startsWith(id))) return false;
  if (selection.effects?.length && !selection.effects.includes(b.effect)) return false;
  return true;
}

/** The selection handed to this worker, if any. */
export function selectionFromEnv(env: Record<string, string | undefined> = process.env): Selection | undefined {
  const text = env[SELECTION_VARIABLE];
  if (!text) return undefined;
  return JSON.parse(text) as Selection;
}
