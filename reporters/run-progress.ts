// Progress of a long conformance run as plain lines (readable in a CI log; no cursor movement):
// behaviours done of the total, files, elapsed time and an estimate of what is left. Files are
// collected one after another, so until the last is, the total is an estimate (shown with ~).

export interface ProgressState {
  done: number;
  failed: number;
  /** Behaviours of the files collected so far. */
  collected: number;
  filesCollected: number;
  filesTotal: number;
  elapsedMs: number;
}

/** The total: exact once every file is collected, else the collected ones plus the mean for the rest. */
export function estimatedTotal(state: ProgressState): { total: number; exact: boolean } {
  const exact = state.filesCollected >= state.filesTotal;
  if (exact || state.filesCollected === 0) return { total: Math.max(state.collected, state.done), exact };
  const perFile = state.collected / state.filesCollected;
  return { total: Math.max(state.done, Math.round(state.collected + perFile * (state.filesTotal - state.filesCollected))), exact };
}

export function progressLine(state: ProgressState): string {
  const { total, exact } = estimatedTotal(state);
  const left = state.done > 0 && total > state.done ? (state.elapsedMs / state.done) * (total - state.done) : undefined;
  const parts = [
    state.filesCollected === 0 ? `progress: ${state.done} behaviours done` : `progress: ${state.done}/${exact ? '' : '~'}${total} behaviours`,
    `${state.filesCollected}/${state.filesTotal} files started`,
    `${duration(state.elapsedMs)} elapsed`,
  ];
  if (left !== undefined) parts.push(`about ${duration(left)} left`);
  if (state.failed > 0) parts.push(`${state.failed} failed so far`);
  return parts.join(', ');
}

export function duration(ms: number): string {
  const seconds = Math.round(ms / 1000);
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  return `${minutes} min ${String(seconds % 60).padStart(2, '0')} s`;
}
