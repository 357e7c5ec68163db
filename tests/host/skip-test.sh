#!/bin/sh
# SPDX-License-Identifier: MIT
#
# The log compiler of tests/host/NAME.skip: a test that configure could not
# build here. It prints why (the .skip file holds the reason) and counts as
# skipped, never as passed.
echo "SKIP: $(cat "$1")"
exit 77
