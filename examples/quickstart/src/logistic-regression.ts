import { SeededRandom } from '@tunekit/core';

/** A dataset of standardised features and 0/1 labels. */
export interface Dataset {
  readonly x: readonly Float64Array[];
  readonly y: Uint8Array;
}

export interface TrainOptions {
  readonly learningRate: number;
  readonly l2: number;
  readonly batchSize: number;
  readonly momentum: number;
  readonly seed: number;
}

/** Read the CSV (header row; label in the last column). */
export function parseCsv(text: string): { features: number[][]; labels: number[] } {
  const lines = text.trim().split('\n');
  const features: number[][] = [];
  const labels: number[] = [];
  for (const line of lines.slice(1)) {
    const cells = line.split(',').map(Number);
    labels.push(cells.pop() as number);
    features.push(cells);
  }
  return { features, labels };
}

/** Stratified split into train / validation, then standardise with the train statistics only. */
export function splitAndScale(features: number[][], labels: number[], validationFraction: number, seed: number): { train: Dataset; validation: Dataset } {
  const rng = new SeededRandom(seed);
  const trainIdx: number[] = [];
  const validIdx: number[] = [];
  for (const label of [0, 1]) {
    const idx = rng.shuffled(labels.flatMap((value, i) => (value === label ? [i] : [])));
    const nValid = Math.round(idx.length * validationFraction);
    validIdx.push(...idx.slice(0, nValid));
    trainIdx.push(...idx.slice(nValid));
  }
  const dim = features[0]?.length ?? 0;
  const mean = new Float64Array(dim);
  const std = new Float64Array(dim);
  for (const i of trainIdx) for (let j = 0; j < dim; j++) mean[j] = (mean[j] as number) + (features[i]?.[j] as number) / trainIdx.length;
  for (const i of trainIdx) for (let j = 0; j < dim; j++) std[j] = (std[j] as number) + ((features[i]?.[j] as number) - (mean[j] as number)) ** 2 / trainIdx.length;
  for (let j = 0; j < dim; j++) std[j] = Math.sqrt(std[j] as number) || 1;
  const take = (indices: number[]): Dataset => ({
    x: indices.map((i) => Float64Array.from(features[i] as number[], (value, j) => (value - (mean[j] as number)) / (std[j] as number))),
    y: Uint8Array.from(indices, (i) => labels[i] as number),
  });
  return { train: take(trainIdx), validation: take(validIdx) };
}

/** Logistic regression trained by mini-batch SGD with momentum and L2, one epoch at a time. */
export class LogisticRegression {
  readonly weights: Float64Array;
  bias = 0;
  private readonly velocity: Float64Array;
  private velocityBias = 0;
  private readonly rng: SeededRandom;

  constructor(dim: number, private readonly options: TrainOptions) {
    this.weights = new Float64Array(dim);
    this.velocity = new Float64Array(dim);
    this.rng = new SeededRandom(options.seed);
  }

  trainEpoch(data: Dataset): void {
    const order = this.rng.shuffled(Array.from(data.y.keys()));
    const { learningRate, l2, batchSize, momentum } = this.options;
    const grad = new Float64Array(this.weights.length);
    for (let start = 0; start < order.length; start += batchSize) {
      grad.fill(0);
      let gradBias = 0;
      const batch = order.slice(start, start + batchSize);
      for (const i of batch) {
        const row = data.x[i] as Float64Array;
        const error = this.probability(row) - (data.y[i] as number);
        for (let j = 0; j < row.length; j++) grad[j] = (grad[j] as number) + (error * (row[j] as number)) / batch.length;
        gradBias += error / batch.length;
      }
      for (let j = 0; j < grad.length; j++) {
        this.velocity[j] = momentum * (this.velocity[j] as number) - learningRate * ((grad[j] as number) + l2 * (this.weights[j] as number));
        this.weights[j] = (this.weights[j] as number) + (this.velocity[j] as number);
      }
      this.velocityBias = momentum * this.velocityBias - learningRate * gradBias;
      this.bias += this.velocityBias;
    }
  }

  probability(row: Float64Array): number {
    let z = this.bias;
    for (let j = 0; j < row.length; j++) z += (this.weights[j] as number) * (row[j] as number);
    return 1 / (1 + Math.exp(-z));
  }

  /** Mean log loss (clipped) and accuracy on a dataset. */
  evaluate(data: Dataset): { logLoss: number; accuracy: number } {
    let loss = 0;
    let correct = 0;
    data.x.forEach((row, i) => {
      const p = Math.min(1 - 1e-12, Math.max(1e-12, this.probability(row)));
      const label = data.y[i] as number;
      loss -= label === 1 ? Math.log(p) : Math.log(1 - p);
      if ((p >= 0.5 ? 1 : 0) === label) correct++;
    });
    return { logLoss: loss / data.y.length, accuracy: correct / data.y.length };
  }
}
