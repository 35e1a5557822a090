/** Reading small files out of a container (created or running) through getArchive. */
import { firstFileText } from '../../archive/index.js';
import type { Container } from '../../runtime/index.js';

/** The text of one file, or undefined when it does not exist. Works before the container starts. */
export async function readTextFromContainer(container: Container, path: string): Promise<string | undefined> {
  let stream;
  try {
    stream = await container.getArchive(path);
  } catch {
    return undefined;
  }
  return firstFileText(stream);
}
