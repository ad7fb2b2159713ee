#!/bin/sh
# Prints the nginx directive that sends a build's Content-Security-Policy as a header:
# the policy of DIST/index.html's <meta> element plus `frame-ancestors 'none'` (which a
# <meta> cannot carry). The policy names Trunk's inline loader by its hash, so write the
# snippet again after every build:
#
#   sh deploy/csp-header.sh dist [--proxied] > /etc/nginx/snippets/token-admin-csp.conf
#
# --proxied: the API is proxied under this origin (deploy/nginx.conf's /api/), so the
# header allows requests to 'self' only, whatever API origins the build allows.
set -eu

usage="usage: $0 DIST_DIR [--proxied]"
dist=${1:?$usage}
proxied=${2:-}
case $proxied in "" | --proxied) ;; *) echo "$usage" >&2; exit 2 ;; esac

policy=$(sed -n 's/.*<meta http-equiv="Content-Security-Policy" content="\([^"]*\)".*/\1/p' "$dist/index.html")
if [ -z "$policy" ]; then
    echo "$dist/index.html has no Content-Security-Policy <meta>: build it with cargo xtask dist" >&2
    exit 1
fi
if [ -n "$proxied" ]; then
    policy=$(printf '%s' "$policy" | sed "s/connect-src [^;]*/connect-src 'self'/")
fi
printf 'add_header Content-Security-Policy "%s; frame-ancestors '"'none'"'" always;\n' "$policy"
