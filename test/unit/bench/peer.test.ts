/**
 * @file The peers' Python: Debian's /usr/bin/python3 whatever comes first on the PATH, the override, the errors
 * that say what to install; the environment of numpy peers (slow OpenBLAS settings unset for them only).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { choosePeerPython, lastJsonLine, peerEnv, PeerPythonError, type PythonProbe } from '../../../bench/peer';

const DEBIAN_PATH = ['', '/usr/lib/python3.11', '/usr/lib/python3/dist-packages'];

/** A machine with these Pythons (path → sys.path; a missing entry does not run) and these files. */
function machine(pythons: Record<string, string[]>, env: NodeJS.ProcessEnv = {}): PythonProbe {
  return {
    env: { PATH: '/fake/bin:/usr/bin', ...env },
    exists: (p) => p in pythons,
    sysPath: (p) => {
      const path = pythons[p];
      if (path === undefined) throw new Error('does not run');
      return path;
    },
  };
}

test("Debian's Python is chosen even where another python3 comes first on the PATH", () => {
  const probe = machine({ '/usr/bin/python3': DEBIAN_PATH, '/fake/bin/python3': ['/opt/lib'] });
  assert.equal(choosePeerPython(probe), '/usr/bin/python3');
});

test('MODEL_LENS_PEER_PYTHON overrides it, and must run', () => {
  const pythons = { '/usr/bin/python3': DEBIAN_PATH, '/opt/py/bin/python3': ['/opt/py/lib'] };
  assert.equal(
    choosePeerPython(machine(pythons, { MODEL_LENS_PEER_PYTHON: '/opt/py/bin/python3' })),
    '/opt/py/bin/python3',
  );
  assert.equal(choosePeerPython(machine(pythons, { MODEL_LENS_PEER_PYTHON: '' })), '/usr/bin/python3');
  assert.throws(
    () => choosePeerPython(machine(pythons, { MODEL_LENS_PEER_PYTHON: '/nope' })),
    (e: Error) => e instanceof PeerPythonError && /MODEL_LENS_PEER_PYTHON="\/nope" does not run/u.test(e.message),
  );
});

test('without /usr/bin/python3 the error says to install python3', () => {
  assert.throws(() => choosePeerPython(machine({ '/fake/bin/python3': DEBIAN_PATH })), /apt-get install -y python3\b/u);
});

test("a /usr/bin/python3 without Debian's dist-packages is refused", () => {
  assert.throws(
    () => choosePeerPython(machine({ '/usr/bin/python3': ['/usr/local/lib/python3.12'] })),
    /is not Debian's Python/u,
  );
});

test('numpy peers run without OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE; others keep them', () => {
  const base = { OPENBLAS_CORETYPE: 'Haswell', OPENBLAS_L2_SIZE: '524288', OPENBLAS_NUM_THREADS: '1', HOME: '/h' };
  const numpy = peerEnv({ numpy: true, env: { PYTHONPATH: '/r' } }, base);
  assert.deepEqual(numpy, { OPENBLAS_NUM_THREADS: '1', HOME: '/h', PYTHONPATH: '/r' });
  assert.deepEqual(peerEnv({}, base), base);
  assert.equal(base.OPENBLAS_CORETYPE, 'Haswell');
});

test("lastJsonLine reads the peer's last line", () => {
  assert.deepEqual(lastJsonLine('loading\n{"seconds": 1.5}\n'), { seconds: 1.5 });
  assert.throws(() => lastJsonLine('Traceback'), /not JSON: "Traceback"/u);
});
