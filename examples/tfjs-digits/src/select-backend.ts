import type * as tfjs from '@tensorflow/tfjs';

/**
 * Switch tfjs to `wanted` ('wasm' or 'cpu'). The wasm backend (`@tensorflow/tfjs-backend-wasm`,
 * imported for its side effect of registering itself) loads its `.wasm` binary from the package's
 * `dist/` folder in Node, so it works offline. If it cannot start, fall back to cpu and say so.
 */
export async function selectBackend(tf: typeof tfjs, wanted: string): Promise<string> {
  if (wanted === 'wasm') {
    try {
      await import('@tensorflow/tfjs-backend-wasm');
      if (await tf.setBackend('wasm')) {
        await tf.ready();
        return 'wasm';
      }
      console.log('note: the wasm backend did not initialise; falling back to the cpu backend');
    } catch (error) {
      console.log(`note: the wasm backend is unavailable (${(error as Error).message}); falling back to the cpu backend`);
    }
  } else if (wanted !== 'cpu') {
    throw new Error(`--backend must be 'wasm' or 'cpu', got '${wanted}'`);
  }
  await tf.setBackend('cpu');
  await tf.ready();
  return 'cpu';
}
