#!/usr/bin/env node
// Marks the end of a successful `npm run build`: bin/synth.js runs build/ only when it is newer than the sources.
'use strict';
const fs = require('fs');
const path = require('path');
fs.writeFileSync(path.resolve(__dirname, '..', 'build', '.stamp'), `${new Date().toISOString()}\n`);
