/** Jest global teardown: removes the run's temporary folder (see global-setup.js). */
'use strict';
const fs = require('fs');

module.exports = async () => {
  const dir = process.env.COCO_JEST_TMPDIR;
  if (dir) {
    fs.rmSync(dir, { recursive: true, force: true });
  }
};
