import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import {
  FILES_PER_JOB,
  fitWindowToFileLimit,
  jobsWithinFileLimit,
  readOpenFileLimit,
  RESERVED_FILES,
} from '../../src/engine/file-limit.js';

const limits = (soft: string): string =>
  'Limit                     Soft Limit           Hard Limit           Units     \n' +
  `Max open files            ${soft}                  4096                 files     \n`;

describe('open-file limit', () => {
  it('reads the soft limit', () => {
    assert.equal(readOpenFileLimit(limits('256')), 256);
  });

  it('reads unlimited and unknown as null', () => {
    assert.equal(readOpenFileLimit(limits('unlimited')), null);
    assert.equal(readOpenFileLimit(null), null);
    assert.equal(readOpenFileLimit('Max cpu time unlimited\n'), null);
  });

  it('reads this process limit', () => {
    const limit = readOpenFileLimit();
    assert.ok(limit === null || limit > 0);
  });

  it('counts jobs that fit, at least one', () => {
    assert.equal(jobsWithinFileLimit(256, 20), Math.floor((256 - 20 - RESERVED_FILES) / FILES_PER_JOB));
    assert.equal(jobsWithinFileLimit(40, 30), 1);
    assert.equal(jobsWithinFileLimit(null, 30), null);
  });

  it('lowers a window that does not fit, with a warning', () => {
    const fitted = fitWindowToFileLimit(300, 256, 20);
    assert.equal(fitted.window, 68);
    assert.match(
      fitted.warning ?? '',
      /open-file limit \(ulimit -n\) is 256, so at most 68 jobs run at once instead of 300/,
    );
  });

  it('keeps a window that fits', () => {
    assert.deepEqual(fitWindowToFileLimit(10, 256, 20), { window: 10, warning: null });
    assert.deepEqual(fitWindowToFileLimit(10, null, 20), { window: 10, warning: null });
  });
});
