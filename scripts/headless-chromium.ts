// A headless Chromium that comes in through npm (@sparticuz/chromium ships it brotli-compressed), so
// the report test needs nothing installed by hand. The package unpacks into os.tmpdir() and reuses
// whatever `<tmpdir>/chromium` it finds there; pointing TMPDIR at a fresh directory of our own for
// the unpacking keeps a stale or half-written binary of another process from ever being launched.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import chromium from '@sparticuz/chromium';
import { setSetting, setting } from '../harness/run-config.ts';

/** Flags for a closed network: no background connections, no first-run work. */
export const HEADLESS_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export interface UnpackedChromium {
  readonly executablePath: string;
  /** Removes the unpacked browser (about 200 MB). */
  dispose(): void;
}

export async function unpackChromium(): Promise<UnpackedChromium> {
  const dir = mkdtempSync(join(tmpdir(), 'ptero-chromium-'));
  const previous = setting('TMPDIR');
  setSetting('TMPDIR', dir);
  try {
    const executablePath = await chromium.executablePath();
    return { executablePath, dispose: () => rmSync(dir, { recursive: true, force: true }) };
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  } finally {
    setSetting('TMPDIR', previous);
  }
}
