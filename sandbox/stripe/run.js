#!/usr/bin/env node
// Starts the Stripe test server (main.ts) without a build step.  Usage: node sandbox/stripe/run.js
require('../register-ts');
require('./main.ts');
