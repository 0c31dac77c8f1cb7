import { choiceValue } from './choice-value.js';

export type MlpOptimizer = 'sgd' | 'momentum' | 'adam' | 'rmsprop';
export type MlpActivation = 'relu' | 'tanh' | 'sigmoid';

/** Parameters of {@link mlpLike}, named as in suite.json. */
export interface MlpLikeParams {
  readonly optimizer: MlpOptimizer | (string & {});
  /** Float, log-scaled, [1e-5, 1]. */
  readonly learning_rate: number;
  /** Int, log-scaled, [16, 1024]. */
  readonly batch_size: number;
  /** Int, [1, 8]. */
  readonly n_layers: number;
  /** Float, [0, 0.8]. */
  readonly dropout: number;
  /** Float, log-scaled, [1e-6, 0.1]. */
  readonly weight_decay: number;
  readonly activation: MlpActivation | (string & {});
}

const LR_CENTER: Readonly<Record<MlpOptimizer, number>> = { sgd: -1.0, momentum: -1.5, adam: -3.0, rmsprop: -2.5 };
const OPTIMIZER_OFFSET: Readonly<Record<MlpOptimizer, number>> = { sgd: 0.03, momentum: 0.01, adam: 0.0, rmsprop: 0.005 };
const ACTIVATION_OFFSET: Readonly<Record<MlpActivation, number>> = { relu: 0.0, tanh: 0.02, sigmoid: 0.06 };

/**
 * Synthetic neural-net-like error rate (FUNCTIONS.md §9): an optimizer-dependent learning-rate
 * optimum that moves with `sqrt(batch_size)`, a depth penalty for sigmoid, capped at 0.9.
 * Global minimum `0.08` at `adam, learning_rate = 1e-3, batch_size = 128, n_layers = 3,
 * dropout = 0.2, weight_decay = 1e-4, relu`.
 */
export function mlpLike(params: MlpLikeParams): number {
  const { optimizer, learning_rate: learningRate, batch_size: batchSize, n_layers: nLayers, dropout, weight_decay: weightDecay, activation } = params;
  // Square-root scaling rule: the best learning rate grows with sqrt(batch_size / 128).
  const lrDev = Math.log10(learningRate) - choiceValue(LR_CENTER, optimizer, 'mlp_like.optimizer') - 0.5 * Math.log10(batchSize / 128.0);
  const bsDev = Math.log2(batchSize / 128.0);
  const wdDev = Math.log10(weightDecay) + 4.0;
  // Terms are added one by one in the spec's order (floating-point addition is not associative).
  let f = 0.08 + choiceValue(OPTIMIZER_OFFSET, optimizer, 'mlp_like.optimizer') + choiceValue(ACTIVATION_OFFSET, activation, 'mlp_like.activation');
  f += 0.06 * lrDev * lrDev;
  f += 0.004 * bsDev * bsDev;
  f += 0.005 * (nLayers - 3) ** 2;
  f += 0.15 * (dropout - 0.2) ** 2;
  f += 0.01 * wdDev * wdDev;
  if (activation === 'sigmoid' && nLayers > 2) f += 0.01 * (nLayers - 2) ** 2;
  return Math.min(f, 0.9);
}
