#!/bin/sh
# The whole "app": prints a greeting with the version the build stamped in.
echo "hello, ${1:-world} (myapp @VERSION@)"
