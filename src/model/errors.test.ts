import { describe, expect, it } from 'vitest';
import { errorSummary, GitopsError } from './errors.js';

describe('errorSummary', () => {
  it('says what the diagnostics of an error say, so a failed step names its cause', () => {
    const error = new GitopsError('option-invalid', 'invalid options for appserver', {
      diagnostics: [{ code: 'option-unknown', severity: 'error', summary: 'appserver has no option nokey' }],
    });
    expect(errorSummary(error)).toBe('invalid options for appserver: appserver has no option nokey');
  });

  it.each([
    [new Error('connection refused'), 'connection refused'],
    [new GitopsError('x', 'plain'), 'plain'],
    ['a string', 'a string'],
  ])('is the message alone without diagnostics (%s)', (error, text) => {
    expect(errorSummary(error)).toBe(text);
  });
});
