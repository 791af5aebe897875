import { BaseSequencer, type TestSpecification } from 'vitest/node';

/** Files in name order, except the rate-limit probes, which spend whole windows and so run last. */
export class RateLimitProbesLast extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const last = (spec: TestSpecification) => (spec.moduleId.includes('rate-limit') ? 1 : 0);
    return [...files].sort((a, b) => last(a) - last(b) || a.moduleId.localeCompare(b.moduleId));
  }
}
