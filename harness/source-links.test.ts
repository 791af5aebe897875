import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { OpenAPIV3 } from 'openapi-types';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { OperationIndex } from './operation-index.ts';
import { quirksOf, SourceRefError, sourceLinksOf, sourceUrl } from './source-links.ts';
import { loadSpec, readSpecDocument, specPath } from './spec-source.ts';

const SPEC_V111_PATH = fileURLToPath(new URL('../spec/pterodactyl-v1.11.yaml', import.meta.url));

describe('x-source entries as links to the public source', () => {
  it('maps the panel, daemon and framework tags to GitHub at that tag', () => {
    expect(sourceUrl('v0.7.19:app/Http/Kernel.php#L75-L89')).toBe('https://github.com/pterodactyl/panel/blob/v0.7.19/app/Http/Kernel.php#L75-L89');
    expect(sourceUrl('daemon-v0.6.13:src/middleware/authorizable.js#L79-L83')).toBe('https://github.com/pterodactyl/daemon/blob/v0.6.13/src/middleware/authorizable.js#L79-L83');
    expect(sourceUrl('laravel-v5.7.14:src/Illuminate/Routing/Route.php#L789-L798')).toBe('https://github.com/laravel/framework/blob/v5.7.14/src/Illuminate/Routing/Route.php#L789-L798');
    expect(sourceUrl('fractal-0.17.0:src/Scope.php#L154-L166')).toBe('https://github.com/thephpleague/fractal/blob/0.17.0/src/Scope.php#L154-L166');
  });

  it('maps the v1.11 tags: the panel, Wings and the vendor versions v1.11.8 locks', () => {
    expect(sourceUrl('v1.11.8:app/Http/Kernel.php#L64-L71')).toBe('https://github.com/pterodactyl/panel/blob/v1.11.8/app/Http/Kernel.php#L64-L71');
    expect(sourceUrl('wings-v1.11.8:router/router.go#L10-L20')).toBe('https://github.com/pterodactyl/wings/blob/v1.11.8/router/router.go#L10-L20');
    expect(sourceUrl('laravel-v10.1.4:src/Illuminate/Routing/Middleware/ThrottleRequests.php#L82-L104')).toBe(
      'https://github.com/laravel/framework/blob/v10.1.4/src/Illuminate/Routing/Middleware/ThrottleRequests.php#L82-L104',
    );
    expect(sourceUrl('fractal-0.20.1:src/Serializer/ArraySerializer.php#L67-L95')).toBe('https://github.com/thephpleague/fractal/blob/0.20.1/src/Serializer/ArraySerializer.php#L67-L95');
    expect(sourceUrl('query-builder-5.1.2:src/Concerns/SortsQuery.php#L100-L115')).toBe(
      'https://github.com/spatie/laravel-query-builder/blob/5.1.2/src/Concerns/SortsQuery.php#L100-L115',
    );
  });

  it('refuses entries of another shape, an unknown tag or a range that ends before it starts', () => {
    const bad = [
      'v0.7.19:app/Http/Kernel.php#L75',
      'app/Http/Kernel.php#L1-L2',
      'v1.11.7:app/Http/Kernel.php#L1-L2',
      'wings-v1.11.7:router/router.go#L1-L2',
      'query-builder-5.1.1:src/QueryBuilder.php#L1-L2',
      'v0.7.19:app/Http/Kernel.php#L9-L2',
      'docs/api.md#3',
    ];
    for (const entry of bad) {
      expect(() => sourceUrl(entry), entry).toThrow(SourceRefError);
    }
    expect(() => sourceLinksOf({ 'x-source': 'v0.7.19:app/Http/Kernel.php#L75-L89' })).toThrow(/must be a list/);
    expect(sourceLinksOf({})).toEqual([]);
  });

  it('links every x-source of the v1.11 document', async () => {
    const index = new OperationIndex(await loadSpec(SPEC_V111_PATH));
    expect(index.operations.length).toBeGreaterThan(0);
    for (const op of index.operations) {
      expect(sourceLinksOf(op.operation).length, op.operationId).toBeGreaterThanOrEqual(2);
      for (const quirk of quirksOf(op.operation, op.parameters)) expect(quirk.sources.length, `${op.operationId} ${quirk.where}`).toBeGreaterThan(0);
    }
    const entries: string[] = [];
    const walk = (node: unknown): void => {
      if (Array.isArray(node)) node.forEach(walk);
      else if (node !== null && typeof node === 'object') {
        for (const [key, value] of Object.entries(node)) {
          if (key === 'x-source') entries.push(...sourceLinksOf(node).map((l) => l.source));
          else walk(value);
        }
      }
    };
    walk(readSpecDocument(SPEC_V111_PATH));
    expect(entries.length).toBeGreaterThan(100);
    for (const entry of entries) expect(sourceUrl(entry)).toMatch(/^https:\/\/github\.com\//);
  });

  describe('on the spec', () => {
    let index: OperationIndex;
    beforeAll(async () => {
      index = new OperationIndex(await loadSpec());
    });

    it('gives every operation links, and every quirk of every operation at least one', () => {
      for (const op of index.operations) {
        expect(sourceLinksOf(op.operation).length, op.operationId).toBeGreaterThanOrEqual(2);
        for (const quirk of quirksOf(op.operation, op.parameters)) expect(quirk.sources.length, `${op.operationId} ${quirk.where}`).toBeGreaterThan(0);
      }
    });

    it("collects an operation's quirks from the operation, its parameters and its responses", () => {
      const quirks = quirksOf(index.get('sendClientServerPower').operation, index.get('sendClientServerPower').parameters);
      expect(quirks.map((q) => `${q.kind} ${q.where}`)).toEqual(['quirk operation', 'quirk parameter server', 'quirk response 500']);
      expect(quirks[0]?.sources.map((s) => s.url)).toContain('https://github.com/pterodactyl/panel/blob/v0.7.19/app/Http/Requests/Api/Client/Servers/SendPowerRequest.php#L15-L18');
    });

    it('follows a shared response through its $ref when given the document', () => {
      const document = parse(readFileSync(specPath(), 'utf8')) as { paths: Record<string, Record<string, OpenAPIV3.OperationObject>> };
      const view = document.paths['/api/client/servers/{server}']!['get']!;
      expect(quirksOf(view).map((q) => q.where)).toEqual([]);
      const quirks = quirksOf(view, [], document);
      expect(quirks.map((q) => `${q.kind} ${q.where}`)).toContain('quirk response 500');
      expect(quirks.find((q) => q.where === 'response 500')?.text).toBe('An unknown server identifier is a 500, not a 404.');
    });
  });
});
