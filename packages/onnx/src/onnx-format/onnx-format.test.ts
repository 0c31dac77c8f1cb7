import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { fixtureBytes, fixtureText } from '../__fixtures__/fixtures.js';
import { PYTHON, pythonOnnx } from '../__fixtures__/system-requirements.js';
import { xgboostJsonToOnnx } from '../xgboost/xgboost-json-to-onnx.js';
import { decodeOnnxModel } from './decode-onnx-model.js';
import { encodeOnnxModel } from './encode-onnx-model.js';
import { findAttribute, OnnxDataType, type OnnxModel } from './onnx-model.js';

const sample: OnnxModel = {
  irVersion: 8,
  opsetImports: [{ domain: '', version: 17 }, { domain: 'ai.onnx.ml', version: 3 }],
  producerName: 'test',
  docString: 'a doc',
  metadata: { a: '1', b: 'two' },
  graph: {
    name: 'g',
    nodes: [
      {
        opType: 'TreeEnsembleRegressor',
        domain: 'ai.onnx.ml',
        name: 'n',
        inputs: ['x'],
        outputs: ['y'],
        attributes: [
          { name: 'f', type: 'float', value: 0.5 },
          { name: 'i', type: 'int', value: -3 },
          { name: 's', type: 'string', value: 'SUM' },
          { name: 'fs', type: 'floats', value: Float32Array.from([1.5, -2]) },
          { name: 'is', type: 'ints', value: [0, 1, 2 ** 40] },
          { name: 'ss', type: 'strings', value: ['LEAF', 'BRANCH_LT'] },
          { name: 't', type: 'tensor', value: { dataType: OnnxDataType.UINT8, dims: [3], data: Uint8Array.from([1, 0, 4]) } },
        ],
      },
    ],
    inputs: [{ name: 'x', kind: 'tensor', elemType: OnnxDataType.FLOAT, shape: ['N', 4] }],
    outputs: [{ name: 'y', kind: 'tensor', elemType: OnnxDataType.FLOAT, shape: ['N', 1] }],
    initializers: [
      { name: 'w', dataType: OnnxDataType.FLOAT, dims: [2, 2], data: Float32Array.from([1, 2, 3, 4]) },
      { name: 'k', dataType: OnnxDataType.INT64, dims: [2], data: [-1, 5] },
      { name: 'd', dataType: OnnxDataType.DOUBLE, dims: [1], data: Float64Array.from([Math.E]) },
    ],
  },
};

describe('ONNX encoder and decoder', () => {
  it('round-trips a model through bytes', () => {
    const decoded = decodeOnnxModel(encodeOnnxModel(sample));
    expect(decoded.irVersion).toBe(8);
    expect(decoded.opsetImports).toEqual(sample.opsetImports);
    expect(decoded.metadata).toEqual(sample.metadata);
    expect(decoded.graph.inputs).toEqual(sample.graph.inputs);
    expect(decoded.graph.outputs).toEqual(sample.graph.outputs);
    const node = decoded.graph.nodes[0];
    expect(node?.opType).toBe('TreeEnsembleRegressor');
    expect(node?.domain).toBe('ai.onnx.ml');
    const attribute = (name: string) => (node === undefined ? undefined : findAttribute(node, name));
    expect(attribute('f')).toEqual({ name: 'f', type: 'float', value: 0.5 });
    expect(attribute('i')).toEqual({ name: 'i', type: 'int', value: -3 });
    expect(attribute('s')).toEqual({ name: 's', type: 'string', value: 'SUM' });
    expect(Array.from((attribute('fs') as unknown as { value: Float32Array }).value)).toEqual([1.5, -2]);
    expect(attribute('is')).toEqual({ name: 'is', type: 'ints', value: [0, 1, 2 ** 40] });
    expect(attribute('ss')).toEqual({ name: 'ss', type: 'strings', value: ['LEAF', 'BRANCH_LT'] });
    expect(Array.from((attribute('t') as unknown as { value: { data: Uint8Array } }).value.data)).toEqual([1, 0, 4]);
    expect(decoded.graph.initializers.map((tensor) => [tensor.name, tensor.dims, Array.from(tensor.data)])).toEqual([
      ['w', [2, 2], [1, 2, 3, 4]],
      ['k', [2], [-1, 5]],
      ['d', [1], [Math.E]],
    ]);
  });

  it('decodes a model written by Python onnx (non-packed attributes, float_data)', () => {
    const model = decodeOnnxModel(fixtureBytes('onnx/sklearn-rf-classifier.onnx'));
    expect(model.producerName).toBe('tunekit-fixtures');
    const node = model.graph.nodes[0];
    expect(node?.opType).toBe('TreeEnsembleClassifier');
    const modes = node === undefined ? undefined : findAttribute(node, 'nodes_modes');
    expect(modes?.type === 'strings' && modes.value.includes('BRANCH_LEQ')).toBe(true);
    expect(model.graph.outputs.map((output) => output.name)).toEqual(['label', 'probabilities']);
  });

  it('rejects bytes that are not an ONNX model', () => {
    expect(() => decodeOnnxModel(new TextEncoder().encode('{"learner": {}}'))).toThrow();
    expect(() => decodeOnnxModel(Uint8Array.from([0x08, 0x08]))).toThrow(/no graph/);
    const bytes = fixtureBytes('onnx/sklearn-gbr-regressor.onnx');
    expect(() => decodeOnnxModel(bytes.subarray(0, bytes.length - 9))).toThrow();
  });
});

describe('converted models pass the official ONNX checker (Python onnx)', () => {
  const python = pythonOnnx();
  const dir = mkdtempSync(join(tmpdir(), 'tunekit-onnx-check-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const models = ['reg_squarederror-missing', 'reg_logistic-complete', 'binary_logistic-missing', 'binary_logitraw-complete', 'multi_softprob-missing', 'multi_softmax-complete', 'count_poisson-missing', 'binary_logistic-forest', 'reg_squarederror-single-leaf'];

  it.skipIf(!python.available)('onnx.load + onnx.checker.check_model(full_check=True) accept every objective (ai.onnx.ml opset 3)', () => {
    const files = models.map((name) => {
      const file = join(dir, `${name}.onnx`);
      writeFileSync(file, xgboostJsonToOnnx(fixtureText(`xgboost/${name}.json`)));
      return file;
    });
    const script = [
      'import json, sys, onnx',
      'out = []',
      'for path in sys.argv[1:]:',
      '    model = onnx.load(path)',
      '    onnx.checker.check_model(model, full_check=True)',
      '    out.append([model.graph.node[0].op_type, [o.name for o in model.graph.output], {p.key: p.value for p in model.metadata_props}["tunekit.task"]])',
      'print(json.dumps(out))',
    ].join('\n');
    const result = spawnSync(PYTHON, ['-c', script, ...files], { encoding: 'utf8' });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const summary = JSON.parse(result.stdout) as [string, string[], string][];
    expect(summary.map(([op]) => op)).toEqual(models.map((name) => (name.startsWith('multi_') ? 'TreeEnsembleClassifier' : 'TreeEnsembleRegressor')));
    expect(summary[2]).toEqual(['TreeEnsembleRegressor', ['label', 'probabilities'], 'classification']);
    expect(summary[0]).toEqual(['TreeEnsembleRegressor', ['variable'], 'regression']);
  });

  it.skipIf(!python.available)('Python onnx reads the opset-5 TreeEnsemble model we write (attributes round-trip)', () => {
    const file = join(dir, 'opset5.onnx');
    writeFileSync(file, xgboostJsonToOnnx(fixtureText('xgboost/multi_softprob-missing.json'), { opset: 5 }));
    const script = [
      'import json, sys, onnx',
      'from onnx import helper, numpy_helper',
      'm = onnx.load(sys.argv[1])',
      'n = m.graph.node[0]',
      'a = {x.name: helper.get_attribute_value(x) for x in n.attribute}',
      'print(json.dumps({"op": n.op_type, "domain": n.domain, "roots": len(a["tree_roots"]), "targets": a["n_targets"], "modes": sorted(set(numpy_helper.to_array(a["nodes_modes"]).tolist())), "opsets": {o.domain: o.version for o in m.opset_import}}))',
    ].join('\n');
    const result = spawnSync(PYTHON, ['-c', script, file], { encoding: 'utf8' });
    expect(result.status, result.stderr).toBe(0);
    // 3 bias trees (one per class) + 6 rounds x 3 classes.
    expect(JSON.parse(result.stdout)).toEqual({ op: 'TreeEnsemble', domain: 'ai.onnx.ml', roots: 21, targets: 3, modes: [1], opsets: { '': 17, 'ai.onnx.ml': 5 } });
  });
});
