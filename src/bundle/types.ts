import type { Bundle, JujuDialect } from '../model/bundle.js';
import type { Diagnostic } from '../model/diagnostic.js';

/** Where something is in a user's file: 1-based line and column. */
export interface SourcePosition {
  file: string;
  line: number;
  col: number;
}

/** The composed bundle with everything needed to report on it. */
export interface LoadedBundle {
  bundle: Bundle;
  diagnostics: Diagnostic[];
  /** The files read, base first then overlays in order (display paths). */
  files: string[];
  /** Where the value at a JSON pointer of the composed bundle was last written. */
  locate(pointer: string): SourcePosition | undefined;
  /** Options the bundle's local charms declare `type: secret`. */
  secretOptions?: string[];
}

export interface LoadOptions {
  /** Repository root: relative files resolve against it and includes may not leave it. */
  root?: string;
  /** False for files given by path: includes may then point anywhere, as Juju allows. */
  confine?: boolean;
  /** Reads a file by absolute path; defaults to the filesystem. */
  readFile?: (absPath: string) => Promise<string>;
  /** Reads raw bytes (include-base64:// of binary files); defaults to readFile, else the filesystem. */
  readBytes?: (absPath: string) => Promise<Buffer>;
  /** Whether a local charm folder exists (absolute path); defaults to the filesystem. */
  exists?: (absPath: string) => Promise<boolean>;
  /** Local charm folders must be inside this folder (the repository, in repository mode). */
  charmsWithin?: string;
  /** Refuse files larger than this many bytes. */
  maxFileBytes?: number;
  /** Refuse documents whose aliases expand more than this many times. */
  maxAliasCount?: number;
  /** Whose bundle rules apply (default 3.6). */
  dialect?: JujuDialect;
}
