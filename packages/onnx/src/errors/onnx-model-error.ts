import { TunekitError } from '@tunekit/core';

/** Why an ONNX model was rejected. */
export type OnnxModelProblem =
  /** The bytes are not a well-formed ONNX protobuf (truncated download, wrong file). */
  | 'corrupt'
  /** A valid ONNX model without a tree-ensemble operator (a neural network, a linear model). */
  | 'not-tree-ensemble'
  /** A tree ensemble tunekit cannot run (unsupported output type, several ensembles, ...). */
  | 'unsupported'
  /** onnxruntime refused the model. */
  | 'runtime';

/** An ONNX model that `OnnxBoostedModel.load` cannot use. `source` is the file path or `'<bytes>'`. */
export class OnnxModelError extends TunekitError {
  readonly problem: OnnxModelProblem;
  readonly source: string;

  constructor(problem: OnnxModelProblem, source: string, message: string, options: { cause?: unknown } = {}) {
    super(`${source}: ${message}`, { code: 'ONNX_MODEL_INVALID', ...options });
    this.problem = problem;
    this.source = source;
  }
}
