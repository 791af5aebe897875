// When the global setup stops a run at the preflight, vitest still prints its empty-run epilogue
// ("No test files found, exiting with code 0", the project's include/exclude globs) and the
// PreflightError as an "Unhandled Error" block: a misleading exit code and the preflight's
// paragraph a second time, above the one the run ends with. scripts/conformance.ts drops exactly
// those lines from vitest's output; everything else passes through unchanged. (An empty selection
// never reaches vitest: scripts/conformance-options.ts refuses it first, so the epilogue only
// appears when the global setup failed.)

import { stripAnsi } from '../harness/ansi.ts';

/** Without colours and a trailing CR, to match vitest's text whether or not it coloured it. */
function plain(line: string): string {
  return stripAnsi(line).replace(/\r$/, '');
}

const EMPTY_RUN = /^No test files found, exiting with code \d+$/;
const PROJECTS = /^projects: /;
const EXCLUDE = /^exclude: /;
const UNHANDLED = /^⎯+ Unhandled Error ⎯+$/;
const PREFLIGHT_ERROR = /^PreflightError: /;

/** One filter per output stream: push each line, get back the lines to print (held ones on a later push or at the end). */
export class PreflightNoiseFilter {
  /** An "Unhandled Error" header waiting for the line that says which error it is. */
  private held: string | undefined;
  private state: 'pass' | 'globs' | 'blanks' = 'pass';

  push(line: string): string[] {
    const text = plain(line);
    if (this.held !== undefined) {
      const header = this.held;
      this.held = undefined;
      if (PREFLIGHT_ERROR.test(text)) {
        this.state = 'blanks';
        return [];
      }
      return [header, ...this.push(line)];
    }
    if (this.state === 'globs') {
      if (EXCLUDE.test(text)) this.state = 'blanks';
      return [];
    }
    if (this.state === 'blanks') {
      if (text.trim() === '') return [];
      this.state = 'pass';
    }
    if (EMPTY_RUN.test(text)) {
      this.state = 'blanks';
      return [];
    }
    if (PROJECTS.test(text)) {
      this.state = 'globs';
      return [];
    }
    if (UNHANDLED.test(text)) {
      this.held = line;
      return [];
    }
    return [line];
  }

  end(): string[] {
    const rest = this.held === undefined ? [] : [this.held];
    this.held = undefined;
    return rest;
  }
}
