#!/usr/bin/env bash
# Usage: tools/groovy/parse.sh FILE...   Parses Groovy files with Groovy 4 (see GroovyParse.java).
# The compiler jar comes from Maven Central once, checked against its published SHA-1, and
# is cached in ~/.cache/cutover/groovy with the compiled parser.
set -euo pipefail
VERSION=4.0.33
CACHE="${CUTOVER_CACHE:-$HOME/.cache/cutover}/groovy"
JAR="$CACHE/groovy-$VERSION.jar"
URL="https://repo.maven.apache.org/maven2/org/apache/groovy/groovy/$VERSION/groovy-$VERSION.jar"
HERE="$(cd "$(dirname "$0")" && pwd)"
mkdir -p "$CACHE"
if [ ! -f "$JAR" ]; then
  echo "groovy: downloading $URL" >&2
  curl -fsSL -o "$JAR.part" "$URL"
  want="$(curl -fsSL "$URL.sha1" | cut -c1-40)"
  got="$(sha1sum "$JAR.part" | cut -c1-40)"
  [ "$want" = "$got" ] || { echo "groovy: SHA-1 of $URL is $got, Maven Central says $want" >&2; rm -f "$JAR.part"; exit 1; }
  mv "$JAR.part" "$JAR"
fi
if [ ! -f "$CACHE/GroovyParse.class" ] || [ "$HERE/GroovyParse.java" -nt "$CACHE/GroovyParse.class" ]; then
  javac -nowarn -cp "$JAR" -d "$CACHE" "$HERE/GroovyParse.java"
fi
exec java -cp "$JAR:$CACHE" GroovyParse "$@"
