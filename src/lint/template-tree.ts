/**
 * The CodeBuild projects of a CloudFormation template, read from the YAML tree as written: rules that
 * compare what a value looks like with what the loader makes of it need the nodes, not the loaded values.
 */
import { isMap, isScalar, isSeq, type Node } from 'yaml';
import { deref, scalarText, type MapEntry, type YamlSource } from '../model/index.js';
import { entriesAt, entryOf } from './buildspec-context.js';

const PROJECT_RESOURCE = 'AWS::CodeBuild::Project';

export interface ProjectResource {
  logicalId: string;
  entry: MapEntry;
  /** The `Properties` mapping, if any. */
  properties: Node | null;
}

export function projectResources(source: YamlSource): ProjectResource[] {
  return entriesAt(source, ['Resources']).flatMap((entry) => {
    const type = entryOf(source, entry.value, 'Type')?.value;
    if (!isScalar(type) || scalarText(type) !== PROJECT_RESOURCE) return [];
    const properties = deref(source, entryOf(source, entry.value, 'Properties')?.value);
    return [{ logicalId: entry.key, entry, properties }];
  });
}

/** The node at a path of mapping keys below `node`, aliases followed. */
export function nodeAt(source: YamlSource, node: Node | null, keys: readonly string[]): Node | null {
  let n = deref(source, node);
  for (const k of keys) n = deref(source, entryOf(source, n, k)?.value);
  return n;
}

/** `Environment.EnvironmentVariables` items of a project resource: each item's mapping entries. */
export function projectVariables(source: YamlSource, res: ProjectResource): MapEntry[][] {
  const list = nodeAt(source, res.properties, ['Environment', 'EnvironmentVariables']);
  if (!isSeq(list)) return [];
  return list.items.flatMap((raw) => {
    const item = deref(source, raw);
    if (!isMap(item)) return [];
    const name = entryOf(source, item, 'Name');
    const value = entryOf(source, item, 'Value');
    return name && value ? [[name, value]] : [];
  });
}
