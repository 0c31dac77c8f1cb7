import { InvalidArgumentError } from '@tunekit/core';

export type SvmKernel = 'linear' | 'poly' | 'rbf' | 'sigmoid';

/** Parameters of {@link svmLike}, named as in suite.json. */
export interface SvmLikeParams {
  /** Float, log-scaled, [1e-3, 1e3]. */
  readonly C: number;
  /** Float, log-scaled, [1e-5, 10]. */
  readonly gamma: number;
  readonly kernel: SvmKernel | (string & {});
  /** Int, [1, 6]; only `poly` uses it (a conditional parameter). */
  readonly degree: number;
  /** Float, log-scaled, [1e-6, 0.1]; no effect at all (a distractor). */
  readonly tol: number;
}

/**
 * Synthetic SVM-like error rate (FUNCTIONS.md §10): for `rbf` a long diagonal valley along
 * `C · gamma = 0.1`, `degree` matters only for `poly`, `tol` never matters; capped at 0.37.
 * Global minimum `0.02` at `rbf, C = 10, gamma = 0.01` (any `degree`, any `tol`).
 */
export function svmLike(params: SvmLikeParams): number {
  const c = Math.log10(params.C);
  const g = Math.log10(params.gamma);
  let f: number;
  switch (params.kernel) {
    case 'rbf': {
      const a = c + g + 1.0;
      const b = c - g - 3.0;
      f = 0.02 + 0.03 * a * a + 0.003 * b * b;
      break;
    }
    case 'poly':
      f = 0.04 + 0.01 * (params.degree - 3) ** 2 + 0.02 * c * c + 0.02 * (g + 1.0) ** 2;
      break;
    case 'linear':
      f = 0.06 + 0.01 * (c + 1.0) ** 2;
      break;
    case 'sigmoid':
      f = 0.1 + 0.02 * c * c + 0.03 * (g + 3.0) ** 2;
      break;
    default:
      throw new InvalidArgumentError('svm_like.kernel', params.kernel, 'one of ["linear","poly","rbf","sigmoid"]');
  }
  return Math.min(f, 0.37);
}
