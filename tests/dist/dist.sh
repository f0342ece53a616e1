#!/usr/bin/env bash
# make dist: OUTDIR/mempool-VERSION.tar.gz, the release tarball.
#
# It holds every file git tracks (sources, build files, tests, the docs
# sources), as they are in the working tree, and the man pages built from
# them in docs/man/, so that a packager needs neither Doxygen nor Sphinx.
# The same files give the same bytes: every entry dated SOURCE_DATE_EPOCH
# (the last commit's date unless set), entries sorted by name, owner and
# group 0, modes 644 and 755, gzip without name or date. The man pages are
# built with the same SOURCE_DATE_EPOCH, which dates them.
#
# usage: dist.sh OUTDIR VERSION   (from the top of a git checkout)
# environment: MAKE (make); the man pages are built by `$MAKE docs-man` in a
# copy of the files, under OUTDIR/dist-work.
set -euo pipefail
out=$1
version=$2
make_cmd=${MAKE:-make}
name=mempool-$version
tarball=$out/$name.tar.gz
work=$out/dist-work

if ! git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
    echo "make dist: not a git checkout: the tarball is made of the files git tracks" >&2
    exit 1
fi
SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-$(git log -1 --format=%ct)}
export SOURCE_DATE_EPOCH
if ! git diff --quiet HEAD --; then
    echo "make dist: note: tracked files differ from the last commit; the tarball holds them as they are now" >&2
fi

rm -rf "$work"
mkdir -p "$work/build-tree" "$work/$name"
# Tracked files that exist (a file deleted but not yet committed is left out).
git ls-files -z | while IFS= read -r -d '' f; do
    [ -e "$f" ] || [ -L "$f" ] && printf '%s\0' "$f"
done >"$work/files"
xargs -0 cp -P --parents -t "$work/$name" <"$work/files"
xargs -0 cp -P --parents -t "$work/build-tree" <"$work/files"

# The man pages, built from these very files.
(cd "$work/build-tree" &&
    "$make_cmd" --no-print-directory BUILD=build DEBUG= docs-man)
mkdir -p "$work/$name/docs/man"
pages=("$work"/build-tree/build/docs/man/*.3)
[ -e "${pages[0]}" ] || { echo "make dist: docs-man made no man page" >&2; exit 1; }
cp "${pages[@]}" "$work/$name/docs/man/"

mkdir -p "$out"
LC_ALL=C tar --sort=name --format=gnu --mtime="@$SOURCE_DATE_EPOCH" \
    --owner=0 --group=0 --numeric-owner --mode='u=rwX,go=rX' \
    -C "$work" -cf - "$name" | gzip -9 -n >"$tarball.tmp"
mv -f "$tarball.tmp" "$tarball"
rm -rf "$work"
echo "make dist: wrote $tarball ($(wc -c <"$tarball") bytes, $(tar -tzf "$tarball" | grep -vc '/$') files, dated $(date -u -d "@$SOURCE_DATE_EPOCH" +%Y-%m-%dT%H:%M:%SZ))"
