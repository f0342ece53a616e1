#!/usr/bin/python3
"""Checks that a shared build of the library exports exactly its API.

usage: exports.py HEADER LIB CPPFLAGS [LIB CPPFLAGS ...]

The API is every function the public HEADER declares, read from the header
itself as the compiler preprocesses it with the flags LIB was built with
(the debug options add the corruption hook, OS_MEMPOOL_GUARD renames the
init functions). The exports are what `nm -D --defined-only` lists. Any
function missing from the exports, and any other exported symbol, fails,
except the data Mynewt exports undeclared (UNDECLARED_DATA).
Prints one line per failure and `exports: N passed, N failed`.
"""

import os
import re
import shlex
import subprocess
import sys

# Data the library exports without the header declaring it, as Mynewt does:
# Mynewt code that walks the registry declares the list head itself. Each
# must be exported as data (nm's D or B), never as a function.
UNDECLARED_DATA = {"g_os_mempool_list"}


def declared_functions(header, cppflags):
    """Names of the functions declared by the headers beside HEADER."""
    cc = shlex.split(os.environ.get("CC", "cc"))
    text = subprocess.run(cc + cppflags + ["-E", header], check=True,
                          capture_output=True, text=True).stdout
    ours = os.path.dirname(os.path.abspath(header))
    keep = []
    current = None
    for line in text.splitlines():
        marker = re.match(r'#\s*\d+\s+"([^"]*)"', line)
        if marker:
            current = os.path.dirname(os.path.abspath(marker.group(1)))
        elif current == ours:
            keep.append(line)
    code = " ".join(keep)
    # Struct and union bodies hold members, not functions.
    while True:
        flat = re.sub(r"\{[^{}]*\}", " ", code)
        if flat == code:
            break
        code = flat
    names = set()
    for statement in code.split(";"):
        words = statement.split()
        if not words or words[0] == "typedef":
            continue
        # The declarator: the first name followed by its parameter list.
        found = re.search(r"([A-Za-z_]\w*)\s*\(", statement)
        if found and not re.search(r"\(\s*\*", statement[:found.end() + 2]):
            names.add(found.group(1))
    return names


def exported_symbols(lib):
    """Defined dynamic symbols of LIB, without their version suffix, with
    their nm type letter."""
    out = subprocess.run(["nm", "-D", "--defined-only", lib], check=True,
                         capture_output=True, text=True).stdout
    entries = []
    for line in out.splitlines():
        fields = line.split()
        if len(fields) >= 3:
            entries.append((fields[1], fields[2]))
    versions = {name.split("@")[-1] for _, name in entries if "@" in name}
    # A version definition (MEMPOOL_1) is listed as an absolute symbol.
    return {name.split("@")[0]: kind for kind, name in entries
            if not (kind == "A" and name in versions)}


def main(argv):
    if len(argv) < 4 or len(argv) % 2 != 0:
        sys.exit(__doc__)
    header = argv[1]
    passed = failed = 0
    for lib, flags in zip(argv[2::2], argv[3::2]):
        api = declared_functions(header, shlex.split(flags))
        kinds = exported_symbols(lib)
        data = {n for n in UNDECLARED_DATA if n in kinds}
        for name in sorted(data):
            if kinds[name] not in "DB":
                print("FAIL %s: %s is exported as %s, not as data"
                      % (lib, name, kinds[name]))
                failed += 1
        exports = set(kinds) - data
        label = "%s (%s)" % (lib, flags.strip() or "default options")
        if not api:
            print("FAIL %s: no function found in %s" % (label, header))
            failed += 1
        for name in sorted(api - exports):
            print("FAIL %s: %s is declared but not exported" % (label, name))
        for name in sorted(exports - api):
            print("FAIL %s: %s is exported but not in the API" % (label, name))
        passed += len(api & exports)
        failed += len(api - exports) + len(exports - api)
        print("%s: %d exported, the API of %s: %s%s"
              % (label, len(exports), header, " ".join(sorted(exports)),
                 "".join(" (and the data %s)" % n for n in sorted(data))))
    print("exports: %d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
