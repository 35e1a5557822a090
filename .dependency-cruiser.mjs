/**
 * The layer rules of src/, checked by dependency-cruiser (`npm run check:layers`, part of `npm test`).
 * Why this file exists: the layer order in docs/architecture.md is only true while a machine checks it; a
 * reversed import or a reach into another layer's internals fails CI here instead of in review.
 * The rules are generated from one ordered list (LAYERS), so the order lives in one place; a unit test
 * (test/unit/architecture/layers.test.ts) runs this config over a fixture tree with deliberate violations.
 */

/**
 * The layers, lowest first. A layer may import only layers below it, and from another layer only its face
 * (`index.ts` for a folder; the file itself for a single-file layer). Why each layer sits where it does is
 * written in docs/architecture.md. Layers that do not exist yet (archive, workspace, guest) are listed so the
 * rules hold the moment their folders appear.
 */
export const LAYERS = [
  { name: 'errors', path: '^src/(errors|error-codes)\\.ts$' },
  { name: 'util', path: '^src/util/' },
  { name: 'guest', path: '^src/guest/' },
  { name: 'model', path: '^src/model/' },
  { name: 'archive', path: '^src/archive/' },
  { name: 'runtime', path: '^src/runtime/' },
  { name: 'plan', path: '^src/plan/' },
  { name: 'stores', path: '^src/stores/' },
  { name: 'workspace', path: '^src/workspace/' },
  { name: 'images', path: '^src/images/' },
  { name: 'local-aws', path: '^src/local-aws/' },
  { name: 'engine/source', path: '^src/engine/source/' },
  { name: 'engine/codebuild', path: '^src/engine/codebuild/' },
  { name: 'engine/batch', path: '^src/engine/batch/' },
  { name: 'engine/pipeline', path: '^src/engine/pipeline/' },
  { name: 'lint', path: '^src/lint/' },
  { name: 'api', path: '^src/api/' },
  { name: 'ui', path: '^src/ui/' },
  { name: 'cli', path: '^src/cli/' },
  { name: 'public face', path: '^src/index\\.ts$' },
];

/** Severity of the face rule (one constant, so the architecture test can name it). */
const FACE_RULE_SEVERITY = 'error';

/**
 * Violations accepted one by one (exact from/to edge, or exact cycle), reported as "ignored", never dropped
 * silently. Empty since the renovation (issue 10) landed; keep it that way.
 */
const KNOWN_VIOLATIONS = [];

/** The rule's name for "lower must not import higher"; stable, because known violations refer to it. */
export function orderRuleName(lower, higher) {
  return `layer-order: ${lower} must not import ${higher}`;
}

/** One forbidden rule per reversed pair, so a failure names both layers. */
function layerOrderRules() {
  const rules = [];
  LAYERS.forEach((lower, index) => {
    for (const higher of LAYERS.slice(index + 1)) {
      rules.push({
        name: orderRuleName(lower.name, higher.name),
        comment: `${lower.name} sits below ${higher.name} (docs/architecture.md): move the shared piece down instead.`,
        severity: 'error',
        from: { path: lower.path },
        to: { path: higher.path },
      });
    }
  });
  return rules;
}

// A folder layer: engine/<part>/ counts as its own layer, any other first-level folder of src/ as one.
const FOLDER_LAYER = '^src/(engine/[^/]+|[^/]+)/';
const A_FACE = '^src/(engine/[^/]+|[^/]+)/index\\.ts$';

/** "From another layer, only through its face": type-only imports count too (tsPreCompilationDeps). */
function faceRules() {
  const comment = 'Import another layer only through its face index.ts; export what you need from there.';
  return [
    {
      name: 'layer-face: import another layer through its index.ts',
      comment,
      severity: FACE_RULE_SEVERITY,
      from: { path: FOLDER_LAYER },
      // A lazy `await import()` may name the module behind a face: it keeps start-up light (docs/architecture.md).
      to: { path: FOLDER_LAYER, pathNot: ['^src/$1/', A_FACE], dependencyTypesNot: ['dynamic-import'] },
    },
    {
      name: 'layer-face: a top-level file imports another layer through its index.ts',
      comment,
      severity: FACE_RULE_SEVERITY,
      from: { path: '^src/[^/]+$' },
      to: { path: FOLDER_LAYER, pathNot: A_FACE, dependencyTypesNot: ['dynamic-import'] },
    },
  ];
}

/** @type {import('dependency-cruiser').IConfiguration} */
export default {
  forbidden: [
    ...layerOrderRules(),
    ...faceRules(),
    {
      name: 'no-circular',
      comment: 'A cycle means two modules are one; merge them or move the shared piece down a layer.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    includeOnly: '^src/',
    doNotFollow: { path: 'node_modules' },
    // Type-only imports are dependencies too: a layer must not even know a higher layer's types.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    knownViolations: KNOWN_VIOLATIONS,
  },
};
