import type { Sink } from './sink.js';

/** Streams and settings that the views write with. */
export interface ViewContext {
  stdout: Sink;
  stderr: Sink;
  /** Whether each stream gets colour. */
  color: { stdout: boolean; stderr: boolean };
  /** False with `--no-prefix`: lines carry no node name. */
  prefix: boolean;
}
