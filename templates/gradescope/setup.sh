#!/usr/bin/env bash
# Gradescope runs this once, as root, while it builds the autograder's image
# (from /autograder/source, this folder). It installs Deno {{deno_version}}
# from its npm package, with Node.js and npm from apt when the image has none,
# then grades the reference solutions once: that downloads what grading
# needs (esbuild, from npm) into Deno's cache, so grading a submission needs
# no network, and a broken autograder fails the build instead of every
# submission.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
source_dir="$(pwd)"

if ! command -v npm >/dev/null 2>&1; then
  apt-get update
  apt-get install -y --no-install-recommends nodejs npm
fi
if ! deno --version 2>/dev/null | grep -q "^deno {{deno_version}} "; then
  npm install --global "deno@{{deno_version}}" ||
    npm install --global --allow-scripts=deno "deno@{{deno_version}}"
fi
deno --version

deno task --config dualgrade/deno.json grade --set {{set}} >/dev/null
