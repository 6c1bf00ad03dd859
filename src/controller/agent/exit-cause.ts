import fs from 'node:fs';

/** How much of the end of a log is read to explain an exit. */
const tailBytes = 16_384;

/**
 * Lines a runtime prints after the real cause: Node.js ends an uncaught error with a stack, the
 * error's own properties and its version, so the last line says `Node.js v20…`, not EADDRINUSE.
 */
const noise = [/^Node\.js v\d/, /^at\s/, /^[{}[\]^]+,?$/, /^\w+: .*,$/, /^\w+: '.*'$/, /^Emitted 'error' event/, /^node:[\w/]+:\d+$/, /^throw /, /^Traceback \(most recent call last\)/, /^File "/];

/** A line that names an error: `Error: listen EADDRINUSE …`, `TypeError: …`, `ValueError: …`, `error: …`. */
const errorLine = /^(?:[\w.]*(?:Error|Exception)(?: \[\w+\])?|error|fatal|panic)\b:?\s/i;

/**
 * Why a workload exited, from what it wrote since it started: the last line that names an error,
 * else the last line that is not a runtime's trailer. Undefined when it wrote nothing.
 */
export function exitCause(logFile: string, fromOffset = 0): string | undefined {
  const lines = readTail(logFile, fromOffset)
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
    .reverse();
  const named = lines.find((l) => errorLine.test(l));
  const cause = named ?? lines.find((l) => !noise.some((n) => n.test(l)));
  return cause?.slice(0, 200);
}

function readTail(logFile: string, fromOffset: number): string {
  let fd: number;
  try {
    fd = fs.openSync(logFile, 'r');
  } catch {
    return '';
  }
  try {
    const size = fs.fstatSync(fd).size;
    const length = Math.max(0, Math.min(size - fromOffset, tailBytes));
    const buffer = Buffer.alloc(length);
    fs.readSync(fd, buffer, 0, length, size - length);
    return buffer.toString('utf8');
  } finally {
    fs.closeSync(fd);
  }
}
