/** The face of src/util/: what other layers may import from it (docs/architecture.md). */
export { createLogger, logger, setLogger, type LogFormat } from './logger.js';
export {
  XmlError,
  childrenNamed,
  descendantsNamed,
  firstChild,
  parseXml,
  textContent,
  type XmlElement,
} from './xml.js';
export { EXIT_CLOSED_PIPE, onStopRequest, requestStop, type StopReason } from './stop-requests.js';
export { probeHttp, type ProbeResult } from './http-probe.js';
