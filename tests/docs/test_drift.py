#!/usr/bin/python3
"""The drift check, checked: it passes on a copy of the tree as it is and
fails on copies broken the ways the docs drift in practice.

Each case copies include/, docs/ and the reference page into a temporary
directory, breaks one thing and runs drift.py on the copy; the tree itself
is never touched. Prints "drift-selftest: N passed, N failed, N skipped".
"""

import os
import re
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.path.normpath(os.path.join(HERE, "..", ".."))
DRIFT = os.path.join(HERE, "drift.py")
API_TABLE = os.path.join(HERE, "api_table.py")
REFERENCE = os.path.join(TOP, "..", "shared", "reference",
                         "os_mempool_init.rst")


def edit(path, old, new):
    with open(path, encoding="utf-8") as f:
        text = f.read()
    if old not in text:
        raise AssertionError("%s: %r not found, the case tests nothing"
                             % (path, old))
    with open(path, "w", encoding="utf-8") as f:
        f.write(text.replace(old, new, 1))


def markdown_prototype(top):
    path = os.path.join(top, "docs/site/drift-case.md")
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "a", encoding="utf-8") as f:
        f.write("# Case\n\n```c\nvoid *os_memblock_get(const struct "
                "os_mempool *mp);\n```\n")


def inline_usage(top):
    path = os.path.join(top, "docs/site/drift-usage.md")
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "a", encoding="utf-8") as f:
        f.write("# Case\n\n```c\np = os_memblock_get(&pool);\n```\n")


def missing_page(top):
    os.unlink(os.path.join(top, "docs/manual/reference/os_memblock_from.rst"))


def missing_macro_page(top):
    os.unlink(os.path.join(top, "docs/manual/reference/OS_MEMPOOL_SIZE.rst"))


def omitted_code(top):
    path = os.path.join(top, "docs/manual/reference/os_mempool_ext_init.inc")
    with open(path, encoding="utf-8") as f:
        text = f.read()
    text = re.sub(r"\| OS\\_MEM\\_NOT\\_ALIGNED:.*?\n(?=\n)", "", text,
                  flags=re.S)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


REF = "docs/manual/reference/"
HEADER = "include/os/os_mempool.h"
HEADER_END = "#ifdef __cplusplus\n}\n#endif\n\n#endif /* OS_MEMPOOL_H */"

# (case, file, text, replacement): one edit that the check must catch.
EDITS = [
    ("changed_prototype", REF + "os_memblock_put.inc",
     "void *block_addr", "const void *block_addr"),
    ("renamed_parameter", REF + "os_mempool_clear.inc",
     "os_mempool_clear(struct os_mempool *mp)",
     "os_mempool_clear(struct os_mempool *pool)"),
    ("changed_macro", REF + "OS_MEMPOOL_BYTES.inc",
     "(sizeof(os_membuf_t) *", "(sizeof(uint32_t) *"),
    # The header moves on and the docs stay behind.
    ("header_changed", HEADER,
     "int os_memblock_from(const struct os_mempool *mp,",
     "bool os_memblock_from(const struct os_mempool *mp,"),
    ("new_function", HEADER, HEADER_END,
     "/**\n * @brief New.\n * @param mp The pool.\n * @return #OS_OK.\n"
     " */\nos_error_t os_mempool_new(struct os_mempool *mp);\n\n" +
     HEADER_END),
    ("undocumented_function", HEADER, HEADER_END,
     "int os_mempool_count(void);\n\n" + HEADER_END),
    ("thin_comment", HEADER,
     " *\n * The pool itself keeps working; it is only no longer listed.\n",
     "\n"),
    # The header starts promising a code that the page does not list.
    ("new_code_in_header", HEADER,
     "@return #OS_OK on success; #OS_INVALID_PARAM when @p mp is NULL.",
     "@return #OS_OK on success; #OS_INVALID_PARAM when @p mp is NULL;"
     " #OS_EBUSY when blocks are held."),
    ("missing_section", REF + "os_mempool_get.inc",
     "Notes\n^^^^^\n", "Remarks\n^^^^^^^\n"),
    ("missing_breathe", REF + "os_mempool_unregister.rst",
     ".. doxygenfunction:: os_mempool_unregister", ""),
    ("dropped_reference_sentence", REF + "os_mempool_init.inc",
     "*name* is not copied, so caller should make sure that the memory "
     "does\nnot get reused.", ""),
    ("changed_reference_example", "docs/examples/os_mempool_init_nffs.c",
     '"nffs_file_pool");', '"nffs_pool");'),
    ("broken_snippet", REF + "os_mempool_clear.inc",
     ":start-after: /* [clear] */", ":start-after: /* [clearing] */"),
    ("template_placeholder", "docs/manual/mempools.rst",
     "\nDescription\n-----------\n",
     "\nInsert synopsis here\n\nDescription\n-----------\n"),
    ("inline_usage_rst", REF + "os_mempool_get.inc",
     "Example\n^^^^^^^\n",
     "Example\n^^^^^^^\n\n.. code:: c\n\n    os_mempool_get(\"x\", NULL);\n\n"),
    ("dropped_from_mempools", "docs/manual/mempools.rst",
     ".. include:: reference/os_mempool_is_sane.inc", ""),
    # Context and See also are the header's, not typed into a page.
    ("context_by_hand", REF + "os_memblock_get.inc",
     ".. mempool-context:: os_memblock_get", "Any task or thread."),
    # (The first function whose interrupts stay masked is os_mempool_clear.)
    ("no_context_in_header", HEADER,
     " * @context Any task or thread; interrupt handlers too with the "
     "Cortex-M\n *          port (privileged code, one core), the RISC-V "
     "port (machine\n *          mode, one hart) and a user port whose "
     "critical section masks\n *          them (interrupts stay masked",
     " * Any task or thread; interrupt handlers too with the "
     "Cortex-M\n *          port (privileged code, one core), the RISC-V "
     "port (machine\n *          mode, one hart) and a user port whose "
     "critical section masks\n *          them (interrupts stay masked"),
    # The README's summaries are the header's briefs.
    ("readme_summary_edited", "README.md",
     "| `os_memblock_get` | Takes a free block from a pool. |",
     "| `os_memblock_get` | Takes a block. |"),
    ("brief_changed", HEADER, "@brief Takes a free block from a pool.",
     "@brief Takes a free block from a memory pool."),
]


def edit_case(name, path, old, new):
    def case(top):
        edit(os.path.join(top, path), old, new)
    case.__name__ = name
    return case


CASES = [markdown_prototype, inline_usage, missing_page, missing_macro_page,
         omitted_code] + [edit_case(*e) for e in EDITS]


# What each case must be caught as: a failure for another reason would let
# a blind spot pass unnoticed.
EXPECT = {
    "markdown_prototype": "drift-case.md: os_memblock_get shown as",
    "inline_usage": "drift-usage.md: a C block shows code",
    "missing_page": "os_memblock_from has no reference page",
    "missing_macro_page": "OS_MEMPOOL_SIZE has no reference page",
    "omitted_code": "os_mempool_ext_init.rst: Returned values omits "
                    "OS_MEM_NOT_ALIGNED",
    "changed_prototype": "os_memblock_put shown as",
    "renamed_parameter": "os_mempool_clear shown as",
    "changed_macro": "OS_MEMPOOL_BYTES shown as",
    "header_changed": "os_memblock_from shown as",
    "new_function": "os_mempool_new has no reference page",
    "undocumented_function": "os_mempool_count has no reference page",
    "thin_comment": "os_mempool_unregister: no details paragraph",
    "new_code_in_header": "Returned values omits OS_EBUSY",
    "missing_section": "os_mempool_get.rst: no 'Notes' section",
    "missing_breathe": "no Breathe declaration (.. doxygenfunction:: "
                       "os_mempool_unregister)",
    "dropped_reference_sentence": "os_mempool_init page lacks the "
                                  "reference's text",
    "changed_reference_example": "os_mempool_init page's example differs",
    "broken_snippet": "marker '/* [clearing] */' not in",
    "template_placeholder": "placeholder 'Insert synopsis here' survives",
    "inline_usage_rst": "os_mempool_get.inc: a C block shows code",
    "dropped_from_mempools": "os_mempool_is_sane is not in the list",
    "context_by_hand": "its 'Context' section is not '.. mempool-context",
    "no_context_in_header": "os_mempool_clear: no @context",
    "readme_summary_edited": "api-table: FAIL README.md lacks the row",
    "brief_changed": "api-table: FAIL README.md lacks the row",
}


# The cases that need the reference page itself.
REFERENCE_CASES = ("dropped_reference_sentence", "changed_reference_example")


def copy_tree(dest):
    for part in ("include", "docs"):
        src = os.path.join(TOP, part)
        if os.path.isdir(src):
            shutil.copytree(src, os.path.join(dest, part),
                            ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(os.path.join(TOP, "README.md"), dest)
    reference = os.path.join(dest, "reference.rst")
    if os.path.exists(REFERENCE):
        shutil.copy(REFERENCE, reference)
    return reference


def run_drift(top, reference):
    """drift.py and api_table.py on the copy: (worst status, outputs)."""
    out = ""
    rc = 0
    for cmd in ([DRIFT, "--top", top, "--reference", reference],
                [API_TABLE, "--top", top]):
        proc = subprocess.run([sys.executable] + cmd, stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT, text=True)
        out += proc.stdout
        rc = rc or proc.returncode
    return rc, out


def main():
    passed = failed = skipped = 0
    # The reference page sits beside the repository in the project's own
    # checkout and CI, not in a user's clone: without it, only the cases
    # about its text are skipped.
    have_reference = os.path.exists(REFERENCE)
    for case in [None] + CASES:
        name = case.__name__ if case else "intact copy"
        if not have_reference and name in REFERENCE_CASES:
            skipped += 1
            print("SKIP: %s: %s not found" % (name, REFERENCE))
            continue
        with tempfile.TemporaryDirectory() as tmp:
            reference = copy_tree(tmp)
            try:
                if case:
                    case(tmp)
                rc, out = run_drift(tmp, reference)
                fails = [l for l in out.splitlines()
                         if l.startswith(("drift: FAIL", "api-table: FAIL"))]
                ok = (rc == 0 and not fails) if case is None else \
                    (rc != 0 and any(EXPECT[name] in l for l in fails))
            except AssertionError as err:
                ok, out = False, str(err)
        if ok:
            passed += 1
            print("drift-selftest: ok   %s%s" % (
                name, "" if case is None else " (caught: %s)"
                % EXPECT[name]))
        else:
            failed += 1
            # Indented, so the copy's own summary line is not counted.
            print("drift-selftest: FAIL %s\n%s" % (
                name, "\n".join("    " + l for l in out.splitlines())))
    print("drift-selftest: %d passed, %d failed, %d skipped"
          % (passed, failed, skipped))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
