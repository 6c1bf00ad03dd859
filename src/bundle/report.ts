import type { Diagnostic } from '../model/diagnostic.js';
import type { Path } from './positions.js';
import type { SourcePosition } from './types.js';

/** Finds where a pointer of the composed bundle was written; `key` asks for its key. */
export type Locator = (pointer: string, target?: 'key' | 'value') => SourcePosition | undefined;

/** A problem as a check finds it, before its position is looked up. */
export type Finding = Omit<Diagnostic, 'severity' | 'pointer' | 'file' | 'line' | 'col'> & { severity?: Diagnostic['severity'] };
/** How the verifier's checks report a problem at a path of the composed bundle. */
export type Report = (path: Path, finding: Finding, target?: 'key' | 'value') => void;
