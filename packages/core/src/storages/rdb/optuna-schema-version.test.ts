import { describe, expect, it } from 'vitest';
import { OPTUNA_SCHEMA_HEAD, classifyOptunaRevision, describeOptunaRevision, optunaRevisionsAfter } from './optuna-schema-version.js';

describe('Optuna schema revisions', () => {
  it('classifies current, upgradable, too old and unknown revisions', () => {
    expect(classifyOptunaRevision(OPTUNA_SCHEMA_HEAD)).toBe('current');
    for (const revision of ['v2.4.0.a', 'v2.6.0.a', 'v3.0.0.a', 'v3.0.0.b', 'v3.0.0.c']) expect(classifyOptunaRevision(revision)).toBe('upgradable');
    for (const revision of ['v0.9.0.a', 'v1.2.0.a', 'v1.3.0.a']) expect(classifyOptunaRevision(revision)).toBe('too-old');
    for (const revision of ['v3.2.0.a', 'v4.0.0.a', '', 'garbage']) expect(classifyOptunaRevision(revision)).toBe('newer');
  });

  it('lists the steps of a migration and names the Optuna releases', () => {
    expect(optunaRevisionsAfter('v2.6.0.a')).toEqual(['v3.0.0.a', 'v3.0.0.b', 'v3.0.0.c', 'v3.0.0.d']);
    expect(optunaRevisionsAfter(OPTUNA_SCHEMA_HEAD)).toEqual([]);
    expect(describeOptunaRevision('v2.6.0.a')).toBe('Optuna 2.6–2.10');
    expect(describeOptunaRevision('v3.2.0.a')).toMatch(/newer Optuna/);
  });
});
