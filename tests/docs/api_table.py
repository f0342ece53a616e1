#!/usr/bin/python3
"""The README's table of functions, made from the header's @brief lines.

The header's briefs are the only place a function's one-line summary is
written; the manual's lists and the man pages' NAME lines are made from
them at build time, and the README's table is made by this script:

    api_table.py            checks README.md's table against the header
    api_table.py --write    rewrites the table from the header

The table sits between two marker comments in README.md. Prints one line
per difference and "api-table: N passed, N failed".
"""

import argparse
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

from drift import Header, read  # noqa: E402

BEGIN = ("<!-- api-table: made from the header's @brief lines by "
         "tests/docs/api_table.py --write; make docs-drift checks it -->")
END = "<!-- api-table end -->"
HEADERS = ("os_mempool.h", "os_error.h")


def brief(doc):
    """The @brief paragraph of a doc comment, as plain text."""
    text = re.sub(r"^\s*\*+ ?", "", doc.strip("/*"), flags=re.M)
    m = re.search(r"@brief\s+(.*?)(?:\n\s*\n|\n\s*@|\Z)", text, re.S)
    if m is None:
        return None
    text = " ".join(m.group(1).split())
    text = re.sub(r"@(?:p|a|c|ref)\s+", "", text)
    return re.sub(r"#(\w)", r"\1", text)


def rows(header):
    """(name, summary) of every function and sizing macro, in the order of
    the manual's pages: the pool header, the result-code header, macros."""
    names = sorted(header.api_functions(),
                   key=lambda n: (HEADERS.index(header.files[n]),
                                  header.lines[n]))
    out = [(n, brief(header.docs[n])) for n in names]
    for name in sorted(header.sizing_macros(), key=lambda n: header.lines[n]):
        out.append((name, brief(header.macro_docs.get(name, ""))))
    return out


def table(header):
    lines = ["| name | what it does |", "|---|---|"]
    for name, summary in rows(header):
        lines.append("| `%s` | %s |" % (name, summary))
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--top", default=os.path.normpath(
        os.path.join(HERE, "..", "..")))
    parser.add_argument("--write", action="store_true")
    args = parser.parse_args()
    header = Header(args.top)
    readme_path = os.path.join(args.top, "README.md")
    readme = read(readme_path)
    m = re.search(re.escape(BEGIN) + r"\n(.*?)" + re.escape(END), readme,
                  re.S)
    if m is None:
        print("api-table: FAIL README.md has no table between %r and %r"
              % (BEGIN, END))
        print("api-table: 0 passed, 1 failed")
        return 1
    want = table(header)
    if args.write:
        with open(readme_path, "w", encoding="utf-8") as f:
            f.write(readme[:m.start(1)] + want + "\n" + readme[m.end(1):])
        print("api-table: README.md's table written from the header")
        return 0
    passed = failed = 0
    have = m.group(1).strip("\n").split("\n")
    for line in want.split("\n"):
        if line in have:
            passed += 1
        else:
            failed += 1
            print("api-table: FAIL README.md lacks the row\n    %s" % line)
    for line in have:
        if line not in want.split("\n"):
            failed += 1
            print("api-table: FAIL README.md has a row the header does not "
                  "give\n    %s" % line)
    if have != want.split("\n") and not failed:
        failed += 1
        print("api-table: FAIL README.md's rows are not in the header's "
              "order")
    for name, summary in rows(header):
        if summary is None:
            failed += 1
            print("api-table: FAIL %s has no @brief" % name)
    if failed:
        print("api-table: run tests/docs/api_table.py --write")
    print("api-table: %d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
