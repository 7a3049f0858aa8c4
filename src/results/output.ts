/**
 * Bytes that one stream of a job printed, kept in arrival order.
 */
export class CapturedOutput {
  private readonly chunks: Buffer[] = [];
  private length = 0;

  append(chunk: Buffer): void {
    this.chunks.push(chunk);
    this.length += chunk.length;
  }

  get byteLength(): number {
    return this.length;
  }

  toBuffer(): Buffer {
    return Buffer.concat(this.chunks, this.length);
  }
}
