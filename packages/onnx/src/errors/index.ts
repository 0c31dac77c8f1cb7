export { FeatureCountError } from './feature-count-error.js';
export { OnnxModelError } from './onnx-model-error.js';
export type { OnnxModelProblem } from './onnx-model-error.js';
export { TrainerProcessError } from './trainer-process-error.js';
export { XGBoostModelError } from './xgboost-model-error.js';
