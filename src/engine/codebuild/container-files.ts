/** Reading small files out of a container (created or running) through getArchive. */
import tar from 'tar-stream';
import type { Container } from '../../runtime/types.js';

/** The text of one file, or undefined when it does not exist. Works before the container starts. */
export async function readTextFromContainer(container: Container, path: string): Promise<string | undefined> {
  let stream;
  try {
    stream = await container.getArchive(path);
  } catch {
    return undefined;
  }
  const extract = tar.extract();
  let text: string | undefined;
  const done = new Promise<void>((resolve, reject) => {
    extract.on('entry', (header, body, next) => {
      const chunks: Buffer[] = [];
      body.on('data', (c: unknown) => void chunks.push(c as Buffer));
      body.on('end', () => {
        if (text === undefined && header.type === 'file') text = Buffer.concat(chunks).toString('utf8');
        next();
      });
      body.resume();
    });
    extract.on('finish', () => resolve());
    extract.on('error', reject);
  });
  stream.pipe(extract as unknown as NodeJS.WritableStream);
  await done;
  return text;
}
