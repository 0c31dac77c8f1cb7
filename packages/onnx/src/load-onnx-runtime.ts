import { TunekitError } from '@tunekit/core';
import type { InferenceSession } from 'onnxruntime-node';

type OrtModule = typeof import('onnxruntime-node');

let loading: Promise<OrtModule> | undefined;

/**
 * Import onnxruntime-node on first use, so that `@tunekit/onnx` loads (and the native engine
 * runs) where it is not installed.
 */
export function loadOnnxRuntime(): Promise<OrtModule> {
  loading ??= import('onnxruntime-node').catch((error: unknown) => {
    loading = undefined;
    throw new TunekitError("onnxruntime-node is not installed: `npm install onnxruntime-node` to run ONNX models (XGBoost models also run without it, with engine: 'native')", {
      code: 'ONNXRUNTIME_MISSING',
      cause: error,
    });
  });
  return loading;
}

export type OrtSessionOptions = InferenceSession.SessionOptions;
export type OrtSession = InferenceSession;
