export { FanovaImportanceEvaluator } from './fanova-importance-evaluator.js';
export type { FanovaImportanceEvaluatorOptions } from './fanova-importance-evaluator.js';
export { getParamImportances } from './get-param-importances.js';
export type { GetParamImportancesOptions, ImportanceStudy } from './get-param-importances.js';
export type { ImportanceEvaluator, ImportanceInput } from './importance-evaluator.js';
export { PedAnovaImportanceEvaluator } from './ped-anova-importance-evaluator.js';
export type { PedAnovaImportanceEvaluatorOptions } from './ped-anova-importance-evaluator.js';
export { MeanDecreaseImpurityImportanceEvaluator } from './mean-decrease-impurity-importance-evaluator.js';
export type { MeanDecreaseImpurityImportanceEvaluatorOptions } from './mean-decrease-impurity-importance-evaluator.js';
