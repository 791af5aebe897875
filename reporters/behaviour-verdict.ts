// The verdict at the top of behavior.md: what the run concluded, in the words of the CLI's last line
// and summary.json (harness/outcomes.ts), so a reader never takes a run that could not test for a
// description of the panel.
import type { BehaviourDocument } from './behaviour-document.ts';

const MARK = { conforms: '✅', 'does-not-conform': '❌', 'could-not-test': '⛔' } as const;

/** Markdown lines for the top of the document (a blank line after). */
export function verdictBanner(doc: Pick<BehaviourDocument, 'verdict' | 'run'>): string[] {
  const v = doc.verdict;
  const lines = [`> ${MARK[v.kind]} **Verdict: ${v.line}**`];
  if (v.kind === 'could-not-test') {
    lines.push(
      '>',
      `> This run could not test the panel (${v.cause ?? 'unknown cause'}): what follows is not a description of its API. ` +
        '`npm run diff` refuses to compare this document; fix the cause and run again.',
    );
  } else if (doc.run.failedRequests > 0) {
    lines.push('>', `> ${doc.run.failedRequests} request(s) got no usable answer; they count in no status below.`);
  }
  return [...lines, ''];
}
