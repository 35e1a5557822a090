/** The face of src/images/: what other layers may import from it (docs/architecture.md). */
export { runnerImageCurrent } from './build-runner.js';
export { BASE_NAME, BASE_REPO, STANDARD_IMAGE, runnerImageNames } from './catalog.js';
export {
  imageCandidates,
  imageServedLine,
  parseImageMapFlags,
  resolveImage,
  standInDistribution,
  type ImageOverrides,
} from './image-map.js';
export { buildImages, listImages, type ImageBuildReport } from './images-service.js';
