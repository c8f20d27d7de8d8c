#!/usr/bin/env node
// Starts the Twilio test server (main.ts) without a build step.  Usage: node sandbox/twilio/run.js
require('../register-ts');
require('./main.ts');
