import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { measure } from '../../tools/bench/measure';

let work: string;
beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'bench-measure-'));
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

const alive = (pid: number) => existsSync(`/proc/${pid}`) && !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));

/** A shell that starts a grandchild (as terraform starts its provider) and records its pid. */
function treeScript(pidFile: string): string[] {
  return ['-c', `sleep 60 & echo $! > ${pidFile}; wait`];
}

async function grandchild(pidFile: string): Promise<number> {
  for (let i = 0; i < 50 && !existsSync(pidFile); i++) await new Promise((r) => setTimeout(r, 100));
  return Number(readFileSync(pidFile, 'utf8'));
}

describe('measure', () => {
  test('a command past its time limit is reported as stopped, and its whole process tree is gone', async () => {
    const pidFile = join(work, 'limit.pid');
    const m = await measure('sh', treeScript(pidFile), { timeoutSeconds: 1 });
    expect(m.stopped).toBe('time limit');
    // How long it ran before the stop, not the empty report of the killed /usr/bin/time.
    expect(m.seconds).toBeGreaterThanOrEqual(0.9);
    expect(m.seconds).toBeLessThan(15);
    expect(alive(await grandchild(pidFile))).toBe(false);
  });

  test('an abort (Ctrl-C) stops the whole process tree and rejects', async () => {
    const pidFile = join(work, 'abort.pid');
    const controller = new AbortController();
    const running = measure('sh', treeScript(pidFile), { signal: controller.signal });
    const pid = await grandchild(pidFile);
    expect(alive(pid)).toBe(true);
    controller.abort(new Error('interrupted'));
    await expect(running).rejects.toThrow('interrupted');
    expect(alive(pid)).toBe(false);
  });

  test('a command that finishes reports its exit code, output and time', async () => {
    const m = await measure('sh', ['-c', 'echo out; echo err >&2; exit 3']);
    expect(m).toMatchObject({ code: 3, stdout: 'out\n', stderr: 'err\n' });
    expect(m.stopped).toBeUndefined();
    expect(m.seconds).toBeGreaterThanOrEqual(0);
  });
});
