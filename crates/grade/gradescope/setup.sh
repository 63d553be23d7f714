#!/usr/bin/env bash
# Gradescope runs this once, as root, when it builds the autograder's image (its
# "Autograder Specifications"). There is nothing to install: `backprop` is one binary for
# x86-64 Linux that needs only the C library of Ubuntu 22.04 or newer. Running it here makes
# an image that cannot run it fail at build time, where the teacher sees it, rather than on
# the first student's submission.
#
# AUTOGRADER_ROOT moves the whole layout (default /autograder), as in run_autograder.
set -euo pipefail
source_dir="${AUTOGRADER_ROOT:-/autograder}/source"
chmod +x "$source_dir/backprop" "$source_dir/run_autograder"
"$source_dir/backprop" grade --gradescope --assignment "$source_dir/assignment.json" > /dev/null
