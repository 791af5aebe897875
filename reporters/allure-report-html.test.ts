import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { OFFLINE_CSP, remoteReferences, sanitizeReportHtml } from './allure-report-html.ts';
import { allureResultsDir, clearResults, clearResultsInBackground, environmentInfo, panelOrigin, redactingWriter } from './allure-results.ts';

// The tail of Allure 3.18's Awesome template, as it ships.
const TEMPLATE = `<!DOCTYPE html>
<html dir="ltr" lang="en">
<head>
    <meta charset="utf-8">
    <title> Report </title>
    <link rel="icon" href="data:image/svg+xml,%3Csvg%3E">
    <link rel="stylesheet" href="https://fonts.example.com/inter.css">
    <script>
      window.allureReportOptions = {"id":"awesome"}
    </script>
</head>
<body>
    <div id="app"></div>
    <script   src="data:text/javascript;base64,Y29uc29sZS5sb2coMSk="></script>
    <script async src="https://www.googletagmanager.com/gtag/js?id=G-LNDJ3J7WT0"></script>
    <script>
        window.dataLayer = window.dataLayer || [];
        function gtag(){dataLayer.push(arguments);}
        gtag('js', new Date());
    </script>
    <script defer>
      Promise.allSettled([d("widgets/statistic.json","eyJ0b3RhbCI6MX0=")])
    </script>
</body>
</html>`;

describe('the single-file report page', () => {
  it('loses the analytics tag and remote resources, keeps its inline code and data, and gets the offline CSP first', () => {
    expect(remoteReferences(TEMPLATE).length).toBeGreaterThan(0);
    const { html, removed } = sanitizeReportHtml(TEMPLATE);
    expect(removed).toEqual([
      'remote script https://www.googletagmanager.com/gtag/js?id=G-LNDJ3J7WT0',
      'inline analytics script (gtag / dataLayer)',
      'remote stylesheet https://fonts.example.com/inter.css',
    ]);
    expect(html).not.toMatch(/googletagmanager|gtag|dataLayer|fonts\.example/);
    expect(html).toContain('data:text/javascript;base64,Y29uc29sZS5sb2coMSk=');
    expect(html).toContain('window.allureReportOptions');
    expect(html).toContain('widgets/statistic.json');
    expect(html.indexOf('Content-Security-Policy')).toBeLessThan(html.indexOf('<script'));
    expect(html).toContain(`content="${OFFLINE_CSP}"`);
    expect(remoteReferences(html)).toEqual([]);
  });

  it('the CSP allows no network source at all', () => {
    for (const directive of OFFLINE_CSP.split('; ')) expect(directive).not.toMatch(/https?:|\*|'self'/);
    expect(OFFLINE_CSP).toMatch(/^default-src 'none'/);
  });
});

describe('the results directory', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ptero-allure-writer-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const key = 'Abcdefghijklmnop0123456789ABCDEFGHIJKLMNOPQRSTUV';

  it('is ALLURE_RESULTS_DIR, else allure-results/, else beside PTERO_REPORTS_DIR for a run inside another', () => {
    expect(allureResultsDir({})).toBe('allure-results');
    expect(allureResultsDir({ ALLURE_RESULTS_DIR: '/x/results', PTERO_REPORTS_DIR: '/y' })).toBe('/x/results');
    expect(allureResultsDir({ PTERO_REPORTS_DIR: '/y' })).toBe(join('/y', 'allure-results'));
  });

  it('gets nothing unredacted: results, attachments and environment values pass redaction', () => {
    const writer = redactingWriter(dir, () => [key]);
    writer.writeResult({
      uuid: 'u1',
      name: `GET /api?token=${key}`,
      statusDetails: { message: `Authorization: Bearer ${key}` },
      steps: [{ name: `step ${key}` }],
    } as never);
    writer.writeAttachment('a1-attachment.json', Buffer.from(JSON.stringify({ headers: { authorization: `Bearer ${key}` }, body: { password: 'hunter2hunter2' } }, null, 2)));
    writer.writeAttachment('a2-attachment.txt', Buffer.from(`key ${key} end`));
    writer.writeAttachment('a3-attachment.bin', Buffer.from([0, 1, 2, 255]));
    writer.writeEnvironmentInfo({ 'panel.url': `https://panel.test/?key=${key}` });
    for (const file of readdirSync(dir)) {
      const text = readFileSync(join(dir, file), 'utf8');
      expect(text, file).not.toContain(key);
      expect(text, file).not.toContain('hunter2hunter2');
    }
    expect(readFileSync(join(dir, 'a3-attachment.bin'))).toEqual(Buffer.from([0, 1, 2, 255]));
    expect(JSON.parse(readFileSync(join(dir, 'u1-result.json'), 'utf8')).steps[0].name).toBe('step [REDACTED]');
  });

  it('is emptied of Allure\'s files only when a run starts', () => {
    const other = join(dir, 'clear');
    mkdirSync(other);
    for (const name of ['a-result.json', 'b-container.json', 'c-attachment.json', 'd-attachment', 'categories.json', 'environment.properties', 'keep.txt', 'package.json']) writeFileSync(join(other, name), '{}');
    expect(clearResults(other)).toBe(6);
    expect(readdirSync(other).sort()).toEqual(['keep.txt', 'package.json']);
    expect(clearResults(join(dir, 'absent'))).toBe(0);
  });

  it('written in the background, holds after flush() what a synchronous write holds: redacted, the last write of a name kept', async () => {
    const sync = join(dir, 'sync');
    const background = join(dir, 'background');
    const writers = [redactingWriter(sync, () => [key]), redactingWriter(background, () => [key], () => false, { background: true })];
    for (const writer of writers) {
      writer.writeResult({ uuid: 'b1', name: `GET /api?token=${key}` } as never);
      for (let i = 0; i < 200; i++) writer.writeAttachment(`b${i}-attachment.txt`, Buffer.from(`attachment ${i} key ${key}`));
      writer.writeEnvironmentInfo({ first: 'one' });
      writer.writeEnvironmentInfo({ second: 'two' });
      await writer.flush();
    }
    expect(readdirSync(background).sort()).toEqual(readdirSync(sync).sort());
    for (const file of readdirSync(sync)) expect(readFileSync(join(background, file), 'utf8'), file).toBe(readFileSync(join(sync, file), 'utf8'));
    expect(readFileSync(join(background, 'environment.properties'), 'utf8')).toContain('second');
    expect(readFileSync(join(background, 'b7-attachment.txt'), 'utf8')).toBe('attachment 7 key [REDACTED]');
  });

  it('a background write that fails fails the flush', async () => {
    const blocked = join(dir, 'blocked');
    const writer = redactingWriter(blocked, () => [], () => false, { background: true });
    mkdirSync(join(blocked, 'x-attachment.txt'), { recursive: true }); // a directory where the file should go
    writer.writeAttachment('x-attachment.txt', Buffer.from('x'));
    await expect(writer.flush()).rejects.toThrow();
  });

  it('is emptied in the background of the files it held when asked, not of those written since', async () => {
    const other = join(dir, 'clear-background');
    mkdirSync(other);
    for (const name of ['a-result.json', 'b-attachment.json', 'categories.json', 'keep.txt']) writeFileSync(join(other, name), '{}');
    const clearing = clearResultsInBackground(other);
    writeFileSync(join(other, 'new-result.json'), '{}');
    expect(await clearing).toBe(3);
    expect(readdirSync(other).sort()).toEqual(['keep.txt', 'new-result.json']);
    expect(await clearResultsInBackground(join(dir, 'absent'))).toBe(0);
  });

  it('names the target by its origin only', () => {
    expect(panelOrigin('https://user:pass@panel.example.com:8443/sub/?key=abc#x')).toBe('https://panel.example.com:8443/sub');
    const info = environmentInfo({ mode: 'live', url: 'https://panel.example.com/' }, { 'run.id': 'r1' });
    expect(info).toMatchObject({ target: 'live panel', 'panel.url': 'https://panel.example.com', 'run.id': 'r1' });
  });
});
