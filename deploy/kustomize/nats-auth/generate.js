#!/usr/bin/env node
// Writes deploy/kustomize/base/nats-auth.conf from the built messaging lib (run `npm run build` first).
const { writeFileSync } = require('node:fs');
const { join } = require('node:path');
const { natsServerConfigFromEnv } = require('../../../libs/messaging/dist');
const out = join(__dirname, '..', 'base', 'nats-auth.conf');
writeFileSync(out, natsServerConfigFromEnv());
console.log(`wrote ${out}`);
