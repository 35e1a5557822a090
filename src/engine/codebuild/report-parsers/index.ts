/** One entry point: a report file's text and its declared file-format → parsed cases or coverage. */
import type { ReportFileFormat } from '../../../model/index.js';
import { parseXml, XmlError } from '../../../util/index.js';
import { parseClover } from './clover.js';
import { parseCobertura } from './cobertura.js';
import { parseCucumber } from './cucumber.js';
import { parseJaCoCo } from './jacoco.js';
import { parseJUnit } from './junit.js';
import { parseNUnit2, parseNUnit3 } from './nunit.js';
import { parseSimpleCov } from './simplecov.js';
import { parseTestNG } from './testng.js';
import { parseTrx } from './trx.js';
import { ReportFormatError, type ParsedReport } from './types.js';

export * from './types.js';

export const TEST_FORMATS: readonly ReportFileFormat[] = [
  'JUNITXML',
  'CUCUMBERJSON',
  'NUNITXML',
  'NUNIT3XML',
  'TESTNGXML',
  'VISUALSTUDIOTRX',
];
export const COVERAGE_FORMATS: readonly ReportFileFormat[] = ['CLOVERXML', 'COBERTURAXML', 'JACOCOXML', 'SIMPLECOV'];

export function reportType(format: ReportFileFormat): 'TEST' | 'CODE_COVERAGE' {
  return COVERAGE_FORMATS.includes(format) ? 'CODE_COVERAGE' : 'TEST';
}

/** `file-format` is case-insensitive (docs/aws/codebuild.md §1.9); undefined for an unknown name. */
export function normalizeFormat(value: string | undefined): ReportFileFormat | undefined {
  const upper = (value ?? 'JUNITXML').toUpperCase();
  return [...TEST_FORMATS, ...COVERAGE_FORMATS].find((f) => f === upper);
}

/**
 * Parses one report file. Throws ReportFormatError (never anything else for bad content) when the
 * file is not well-formed or not of the declared format.
 */
export function parseReportFile(format: ReportFileFormat, text: string, rawPath: string): ParsedReport {
  if (format === 'CUCUMBERJSON') return parseCucumber(text, rawPath);
  if (format === 'SIMPLECOV') return parseSimpleCov(text);
  let root;
  try {
    root = parseXml(text);
  } catch (e) {
    if (e instanceof XmlError) throw new ReportFormatError(`XML syntax error: ${e.message}`);
    throw e;
  }
  switch (format) {
    case 'JUNITXML':
      return parseJUnit(root, rawPath);
    case 'NUNITXML':
      return parseNUnit2(root, rawPath);
    case 'NUNIT3XML':
      return parseNUnit3(root, rawPath);
    case 'TESTNGXML':
      return parseTestNG(root, rawPath);
    case 'VISUALSTUDIOTRX':
      return parseTrx(root, rawPath);
    case 'COBERTURAXML':
      return parseCobertura(root);
    case 'JACOCOXML':
      return parseJaCoCo(root);
    case 'CLOVERXML':
      return parseClover(root);
  }
  throw new ReportFormatError(`unsupported file format ${String(format)}`);
}
