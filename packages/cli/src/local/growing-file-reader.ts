import { open } from 'node:fs/promises';
import { StringDecoder } from 'node:string_decoder';

const chunkBytes = 64 * 1024;

/**
 * Reads what was appended to a file since the last call, as `tail -f` does. A
 * file not there yet reads as nothing; a character split across two calls is
 * decoded whole, by the second.
 */
export class GrowingFileReader {
  private offset = 0;
  private readonly decoder = new StringDecoder('utf8');

  constructor(readonly path: string) {}

  async readNew(): Promise<string> {
    let handle;
    try {
      handle = await open(this.path, 'r');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return '';
      throw error;
    }
    try {
      // A file shorter than what was read is a new one (removed and written again): start over.
      if ((await handle.stat()).size < this.offset) this.offset = 0;
      const buffer = Buffer.alloc(chunkBytes);
      let text = '';
      for (;;) {
        const { bytesRead } = await handle.read(buffer, 0, chunkBytes, this.offset);
        if (bytesRead === 0) return text;
        this.offset += bytesRead;
        text += this.decoder.write(buffer.subarray(0, bytesRead));
      }
    } finally {
      await handle.close();
    }
  }
}
