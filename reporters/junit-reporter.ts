import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { TestModule, TestProject, TestSpecification, Vitest } from 'vitest/node';
import { JUnitReporter } from 'vitest/node';
import { redactText } from '../harness/redaction.ts';
import { secretsOf } from './allure-reporter.ts';

const PROJECT = 'conformance';

/**
 * vitest's JUnit XML for CI systems, for the conformance project only, at the root config's
 * `outputFile.junit` (<reportsDir>/junit.xml). Runs without conformance tests leave the file alone;
 * the written file is redacted with the run's keys (and by shape) like everything else.
 */
export default class ConformanceJUnitReporter extends JUnitReporter {
  private vitest: Vitest | undefined;
  private project: TestProject | undefined;
  private active = false;

  override async onInit(vitest: Vitest): Promise<void> {
    this.vitest = vitest;
    this.project = vitest.projects.find((p) => p.name === PROJECT);
  }

  async onTestRunStart(specifications: ReadonlyArray<TestSpecification>): Promise<void> {
    this.active = this.vitest !== undefined && this.project !== undefined && specifications.some((s) => s.project.name === PROJECT);
    if (this.active) await super.onInit(this.vitest as Vitest); // opens (truncates) the output file
  }

  override async onTestRunEnd(testModules: ReadonlyArray<TestModule>): Promise<void> {
    if (!this.active) return;
    this.active = false;
    await super.onTestRunEnd(testModules.filter((m) => m.project.name === PROJECT));
    const file = this.outputFile();
    if (!file || !existsSync(file)) return;
    let target;
    try {
      target = this.project?.getProvidedContext().ptero;
    } catch {
      target = undefined;
    }
    writeFileSync(file, redactText(readFileSync(file, 'utf8'), secretsOf(target)));
  }

  private outputFile(): string | undefined {
    const config = this.vitest?.config;
    const option = config?.outputFile;
    const path = typeof option === 'string' ? option : option?.['junit'];
    return config && path ? resolve(config.root, path) : undefined;
  }
}
