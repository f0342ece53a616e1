#!/usr/bin/python3
"""Drift check: the manual against the header it documents.

Reads include/os/*.h, the Sphinx manual (docs/manual) and the MkDocs pages
(docs/site) and fails when:

- a prototype or macro definition shown in the docs (a code block or an
  inline literal) differs from the header's, whitespace aside; each shown
  declaration is also compiled after the header, so the C compiler agrees;
- a public function or sizing macro has no reference page in the reference
  format (title, prototype, Arguments, Returned values, Context, Notes,
  Example, See also, Breathe declaration), or is missing from the Memory
  Pools page; a function's comment has no @context or @see;
- a reference page omits a result code that the header's @return says its
  function can return;
- a literalinclude (or a site page's {% example %}) names a missing file or
  snippet marker, or a page writes usage code into a C block instead of
  including it from docs/examples, where make check compiles and runs it;
- the os_mempool_init page drops a paragraph, table row, return code or
  example statement of the reference page it reproduces (the example is
  compared token for token: where its lines break may differ).

Prints one line per failure and ends with "drift: N passed, N failed, N
skipped" (the reference text is skipped when the reference is not there).
Usage: drift.py [--top DIR] [--reference FILE] [--cc CC] [--work DIR]
"""

import argparse
import glob
import os
import re
import subprocess
import sys
import tempfile

KEYWORDS = {"return", "if", "while", "for", "switch", "sizeof", "else", "do",
            "case", "goto"}


class Report:
    def __init__(self):
        self.passed = 0
        self.failed = 0
        self.skipped = 0

    def skip(self, why):
        """A comparison that could not be made: counted, with its reason,
        never as a pass."""
        self.skipped += 1
        print("SKIP: %s" % why)

    def check(self, ok, what):
        if ok:
            self.passed += 1
        else:
            self.failed += 1
            print("drift: FAIL %s" % what)
        return ok


def read(path):
    with open(path, encoding="utf-8") as f:
        return f.read()


def norm(text):
    """Whitespace-insensitive form of a declaration: one space between
    words, none around punctuation."""
    text = re.sub(r"\s+", " ", text.strip())
    return re.sub(r" ?([*(),;]) ?", r"\1", text)


def strip_comments(code):
    code = re.sub(r"/\*.*?\*/", " ", code, flags=re.S)
    return re.sub(r"//[^\n]*", " ", code)


# --- The header -------------------------------------------------------------

class Header:
    """Functions, function-like macros and result codes of include/os."""

    def __init__(self, top):
        self.functions = {}  # name -> (normalised prototype, @return text)
        self.macros = {}     # name -> (normalised "#define ...", file)
        self.codes = set()
        self.docs = {}       # name -> its doc comment, "" when it has none
        self.files = {}      # function name -> the header declaring it
        self.lines = {}      # function or macro -> its line in its header
        self.macro_docs = {}  # function-like macro -> its doc comment
        for path in sorted(glob.glob(os.path.join(top, "include", "os",
                                                  "*.h"))):
            self._parse(read(path), os.path.basename(path))

    def _parse(self, text, fname):
        enum = re.search(r"enum os_error\s*\{(.*?)\}", text, re.S)
        if enum:
            self.codes |= set(re.findall(r"\b(OS_\w+)\s*=",
                                         strip_comments(enum.group(1))))
        joined = text.replace("\\\n", " ")
        for m in re.finditer(r"^#define\s+(\w+)\(([^)]*)\)(.*)$", joined,
                             re.M):
            self.macros[m.group(1)] = (norm("#define %s(%s) %s" % m.groups()),
                                       fname)
        # Every declaration, documented or not (comments blanked out so
        # that code quoted in them is not taken for a declaration), with the
        # doc comment right before it, if any.
        docs = {}
        for m in re.finditer(r"/\*.*?\*/", text, re.S):
            docs[m.end()] = m.group(0)
        bare = re.sub(r"/\*.*?\*/", lambda m: re.sub(r"[^\n]", " ",
                                                     m.group(0)),
                      text, flags=re.S)
        for m in re.finditer(r"^[ \t]*((?!typedef\b)[A-Za-z_][^;{}#()]*?"
                             r"\b(\w+)\s*\(([^;{}#]*?)\))\s*;", bare, re.M):
            decl, name = m.group(1), m.group(2)
            before = text[:m.start(1)].rstrip()
            doc = docs.get(len(before), "")
            doc = doc if doc.startswith("/**") else ""
            ret = re.search(r"@return(.*?)(?=\n\s*\*\s*@|\*/)", doc, re.S)
            self.functions[name] = (norm(decl), ret.group(1) if ret else "")
            self.docs[name] = doc
            self.files[name] = fname
            self.lines[name] = text.count("\n", 0, m.start(1)) + 1
        for m in re.finditer(r"^#define\s+(\w+)\(", text, re.M):
            self.lines.setdefault(m.group(1),
                                  text.count("\n", 0, m.start()) + 1)
            doc = docs.get(len(text[:m.start()].rstrip()), "")
            if doc.startswith("/**"):
                self.macro_docs[m.group(1)] = doc

    def api_functions(self):
        """The library's functions: os_port.h declares what the application
        supplies to the user port (documented on the Types page), not API."""
        return sorted(n for n, f in self.files.items() if f != "os_port.h")

    def sizing_macros(self):
        """The function-like macros of the API: those with a doc comment.
        Doxygen fails on an undocumented one it can see; the header hides
        its own helpers (the init renaming) from it and leaves them bare."""
        return sorted(n for n, (_, f) in self.macros.items()
                      if f == "os_mempool.h" and n in self.macro_docs)

    def return_codes(self, name):
        text = self.functions[name][1]
        return sorted(c for c in set(re.findall(r"#?\b(OS_\w+)", text))
                      if c in self.codes)


# --- The docs ---------------------------------------------------------------

def resolve_includes(path, depth=0):
    """An rst file's text with its `.. include::` directives expanded."""
    text = read(path)
    if depth > 5:
        return text
    base = os.path.dirname(path)

    def expand(m):
        target = m.group(2).strip()
        full = os.path.normpath(os.path.join(base, target))
        if not os.path.exists(full):
            return m.group(0)
        return resolve_includes(full, depth + 1)

    return re.sub(r"^(\s*)\.\. include:: (.*)$", expand, text, flags=re.M)


def rst_code_blocks(text):
    """Bodies of code directives and literal blocks of an rst text."""
    blocks = []
    lines = text.split("\n")
    i = 0
    while i < len(lines):
        line = lines[i]
        m = re.match(r"^(\s*)\S", line)
        code_directive = re.match(r"^\s*\.\. (code|code-block|sourcecode)::",
                                  line)
        other_directive = re.match(r"^\s*\.\. [\w:-]+::", line)
        if m and (code_directive or (not other_directive and
                                     line.rstrip().endswith("::"))):
            indent = len(m.group(1))
            i += 1
            # directive options, then a blank line
            while i < len(lines) and re.match(r"^\s+:[\w-]+:", lines[i]):
                i += 1
            body = []
            while i < len(lines) and (not lines[i].strip() or
                                      len(lines[i]) - len(lines[i].lstrip())
                                      > indent):
                body.append(lines[i])
                i += 1
            if any(b.strip() for b in body):
                blocks.append("\n".join(body))
            continue
        i += 1
    return blocks


def md_code_blocks(text):
    return [m.group(2) for m in
            re.finditer(r"^\s*(```|~~~)[^\n]*\n(.*?)^\s*\1", text,
                        re.M | re.S)]


def inline_literals(text):
    return re.findall(r"``([^`]+)``", text) + \
        re.findall(r"(?<!`)`([^`\n]+)`(?!`)", text)


def shown_declarations(code, header):
    """(name, normalised text, text) of each prototype or known-macro definition
    in a piece of C code; calls and other statements are not prototypes."""
    found = []
    code = strip_comments(code)
    for m in re.finditer(r"^\s*#\s*define\s+(\w+)\(([^)]*)\)(.*)$",
                         code.replace("\\\n", " "), re.M):
        if m.group(1) in header.macros:
            found.append((m.group(1), norm("#define %s(%s) %s" % m.groups()),
                          m.group(0).strip()))
    code = re.sub(r"^\s*#.*$", " ", code, flags=re.M)
    for stmt in re.split(r"[;{}]", code):
        m = re.match(r"^\s*((?:[A-Za-z_]\w*[\s*]+)+?)(\w+)\s*\(([^()]*)\)\s*$",
                     stmt, re.S)
        if not m or m.group(2) not in header.functions:
            continue
        words = re.findall(r"\w+", m.group(1))
        if not words or words[0] in KEYWORDS:
            continue
        found.append((m.group(2), norm("%s%s(%s)" % m.groups()),
                      stmt.strip()))
    return found


def doc_files(top):
    rst = sorted(glob.glob(os.path.join(top, "docs", "manual", "**",
                                        "*.rst"), recursive=True))
    inc = sorted(glob.glob(os.path.join(top, "docs", "manual", "**",
                                        "*.inc"), recursive=True))
    md = sorted(glob.glob(os.path.join(top, "docs", "site", "**", "*.md"),
                          recursive=True))
    return rst + inc, md


def compiles(cc, top, work, decl):
    """The header, then the declaration shown: a compiler error when they
    disagree (conflicting types, a macro redefined differently)."""
    fd, path = tempfile.mkstemp(suffix=".c", dir=work)
    with os.fdopen(fd, "w") as f:
        f.write('#include "os/os_mempool.h"\n')
        f.write(decl if decl.startswith("#") else decl + ";")
        f.write("\n")
    proc = subprocess.run(
        [cc, "-std=c99", "-Wall", "-Wextra", "-Werror", "-fsyntax-only",
         "-DOS_MEMPOOL_POISON=1", "-I" + os.path.join(top, "include"), path],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    os.unlink(path)
    return proc.returncode == 0, proc.stdout


def check_declarations(report, top, header, cc, work):
    rst, md = doc_files(top)
    shown = 0
    for path in rst + md:
        text = read(path)
        rel = os.path.relpath(path, top)
        pieces = rst_code_blocks(text) if path.endswith((".rst", ".inc")) \
            else md_code_blocks(text)
        pieces += inline_literals(text)
        for piece in pieces:
            for name, decl, raw in shown_declarations(piece, header):
                shown += 1
                if name in header.functions:
                    want = header.functions[name][0]
                else:
                    want = header.macros[name][0]
                if report.check(decl == want,
                                "%s: %s shown as\n    %s\n  but the header "
                                "says\n    %s" % (rel, name, decl, want)):
                    ok, out = compiles(cc, top, work, raw)
                    report.check(ok, "%s: %s as shown does not compile "
                                 "after the header:\n%s" % (rel, name, out))
    return shown


def c_blocks(path, text):
    """The C code blocks written into a page (not included from a file)."""
    if path.endswith((".rst", ".inc")):
        return [m.group(1) for m in re.finditer(
            r"^[ \t]*\.\. (?:code|code-block|sourcecode):: c[ \t]*\n"
            r"((?:[ \t]*:[\w-]+:.*\n)*(?:[ \t]*\n|[ \t]+\S.*\n)*)",
            text, re.M)]
    return [m.group(2) for m in re.finditer(
        r"^[ \t]*(```|~~~)[ \t]*\{?\.?[cC]\}?[ \t]*\n(.*?)^[ \t]*\1",
        text, re.M | re.S)]


def check_code_blocks(report, top, header):
    """A C block written into a page may only declare (and is checked
    above); code that shows usage must come from docs/examples, where
    make check compiles and runs it."""
    rst, md = doc_files(top)
    for path in rst + md:
        text = read(path)
        rel = os.path.relpath(path, top)
        for block in c_blocks(path, text):
            rest = strip_comments(block)
            for _, _, raw in shown_declarations(block, header):
                rest = rest.replace(raw, "", 1)
            report.check(not re.sub(r"[\s;]", "", rest),
                         "%s: a C block shows code that is not a declaration "
                         "of the header; put it in docs/examples and include "
                         "it:\n%s" % (rel, block.strip()))
        for name, marker in re.findall(
                r"\{%\s*example\s+\"([^\"]+)\"(?:\s+\"([^\"]+)\")?\s*%\}", text):
            example = os.path.join(top, "docs", "examples", name)
            ok = os.path.exists(example) and (
                not marker or "/* [%s] */" % marker in read(example))
            report.check(ok, "%s: example %s %s not found"
                         % (rel, name, marker))


def section(text, title):
    """The body of an rst section (underlined title) up to the next one."""
    m = re.search(r"^%s\n[\^~=\-]{3,}\n(.*?)(?=^[^\n]+\n[\^~=\-]{3,}\n|\Z)"
                  % re.escape(title), text, re.M | re.S)
    return m.group(1) if m else None


def check_header_docs(report, header):
    """Each function's comment has what a reference page is made of: a
    brief, details, every parameter, and what it returns."""
    for name in header.api_functions():
        doc = header.docs[name]
        text = re.sub(r"^\s*\*+ ?", "", doc.strip("/*"), flags=re.M)
        paragraphs = [p.strip() for p in re.split(r"\n\s*\n", text)
                      if p.strip()]
        report.check(paragraphs and paragraphs[0].startswith("@brief"),
                     "%s: no @brief in its header comment" % name)
        report.check(any(not p.startswith("@") for p in paragraphs[1:]),
                     "%s: no details paragraph in its header comment" % name)
        params = re.findall(r"(\w+)\s*(?:\[[^]]*\])?\s*(?:,|$)",
                            header.functions[name][0].split("(", 1)[1][:-1])
        for param in params:
            if param != "void":
                report.check(re.search(r"@param\s+%s\b" % param, text),
                             "%s: @param %s missing" % (name, param))
        if not header.functions[name][0].startswith("void " + name):
            report.check("@return" in text, "%s: no @return" % name)
        # What the reference and man pages' Context and See also show.
        report.check("@context" in text, "%s: no @context" % name)
        report.check("@see" in text, "%s: no @see" % name)


def check_reference_pages(report, top, header):
    ref_dir = os.path.join(top, "docs", "manual", "reference")
    mempools_path = os.path.join(top, "docs", "manual", "mempools.rst")
    mempools = read(mempools_path) if os.path.exists(mempools_path) else ""
    names = header.api_functions() + header.sizing_macros()
    for name in names:
        path = os.path.join(ref_dir, name + ".rst")
        if not report.check(os.path.exists(path),
                            "%s has no reference page (%s)"
                            % (name, os.path.relpath(path, top))):
            continue
        text = resolve_includes(path).replace("\\_", "_")
        title = text.lstrip().split("\n", 1)[0].strip()
        report.check(title == name, "reference/%s.rst: title is %r, not the "
                     "name" % (name, title))
        parts = ["Arguments", "Returned values", "Notes", "Example",
                 "See also"]
        if name in header.functions:
            parts.insert(2, "Context")
        for part in parts:
            report.check(section(text, part) is not None,
                         "reference/%s.rst: no %r section" % (name, part))
        # Context and See also come from the header, never typed twice.
        for part, directive in (("Context", "mempool-context"),
                                ("See also", "mempool-see-also")):
            if part in parts:
                report.check(re.search(r"^\.\. %s:: %s\s*$"
                                       % (directive, name),
                                       section(text, part) or "", re.M),
                             "reference/%s.rst: its %r section is not "
                             "'.. %s:: %s'" % (name, part, directive, name))
        shown = [d for n, d, _ in shown_declarations(
            ";\n".join(rst_code_blocks(text)), header) if n == name]
        report.check(shown, "reference/%s.rst: no prototype code block"
                     % name)
        kind = "doxygendefine" if name in header.macros else "doxygenfunction"
        report.check(re.search(r"^\.\. %s:: %s\s*$" % (kind, name), text,
                               re.M),
                     "reference/%s.rst: no Breathe declaration "
                     "(.. %s:: %s)" % (name, kind, name))
        # The List of Functions is made from the header (the
        # mempool-function-list directive); each name needs its section.
        report.check(re.search(r"include:: reference/%s\.inc\s*$"
                               % re.escape(name), mempools, re.M) and
                     re.search(r"^\.\. _mp-%s:\s*$" % re.escape(name),
                               mempools, re.M) and
                     ".. mempool-function-list::" in mempools,
                     "mempools.rst: %s is not in the list of functions and "
                     "the function reference" % name)
        if name in header.functions:
            returned = section(text, "Returned values") or ""
            for code in header.return_codes(name):
                report.check(re.search(r"\b%s\b" % code, returned),
                             "reference/%s.rst: Returned values omits %s, "
                             "which the header says it returns"
                             % (name, code))


def check_literalincludes(report, top):
    manual = os.path.join(top, "docs", "manual")
    rst, _ = doc_files(top)
    for path in rst:
        text = read(path)
        for m in re.finditer(r"^\s*\.\. literalinclude:: (\S+)\n((?:\s+:[\w-]+:"
                             r".*\n)*)", text, re.M):
            target = m.group(1)
            full = os.path.normpath(
                os.path.join(manual, target[1:]) if target.startswith("/")
                else os.path.join(os.path.dirname(path), target))
            rel = os.path.relpath(path, top)
            if not report.check(os.path.exists(full), "%s: literalinclude of "
                                "missing %s" % (rel, target)):
                continue
            body = read(full)
            for opt, value in re.findall(r":(start-after|end-before): (.*)",
                                         m.group(2)):
                report.check(value.strip() in body, "%s: marker %r not in %s"
                             % (rel, value.strip(), target))


# The feature-page template's placeholder text: none of it may survive on
# the Memory Pools page, and each of its sections must be there.
TEMPLATE_PLACEHOLDERS = [
    "Insert synopsis here", "Describe OS feature here",
    "Replace this with the list", "add the rest", "Insert short description",
    "explain argument", "List any values returned", "Error codes?",
    "Any special feature/special benefit", "Insert the code snippet",
    "Add text to set up the context", "Insert function callout",
    "next_one", "Comments such as these instructions",
]
TEMPLATE_SECTIONS = ["Description", "Data structures", "List of Functions",
                     "Function Reference"]


def check_feature_page(report, top):
    path = os.path.join(top, "docs", "manual", "mempools.rst")
    if not report.check(os.path.exists(path), "no Memory Pools page (%s)"
                        % os.path.relpath(path, top)):
        return
    text = resolve_includes(path)
    report.check(text.lstrip().startswith("Memory Pools\n"),
                 "mempools.rst: the title is not 'Memory Pools'")
    for phrase in TEMPLATE_PLACEHOLDERS:
        report.check(phrase.lower() not in text.lower(),
                     "mempools.rst: template placeholder %r survives"
                     % phrase)
    report.check(not re.search(r"\b(xx|yy)\b", text),
                 "mempools.rst: template placeholder xx/yy survives")
    for title in TEMPLATE_SECTIONS:
        report.check(section(text, title) is not None,
                     "mempools.rst: no %r section" % title)
    # The synopsis: text between the title and the first section.
    synopsis = re.search(r"^Memory Pools\n=+\n(.*?)^Description\n", text,
                         re.M | re.S)
    report.check(synopsis and len(synopsis.group(1).split()) > 20,
                 "mempools.rst: no synopsis under the title")


def snippet(path, marker):
    body = read(path)
    parts = body.split(marker)
    return parts[1] if len(parts) >= 3 else ""


def check_reference_text(report, top, reference):
    """Every paragraph and example line of the reference page is on ours."""
    page = os.path.join(top, "docs", "manual", "reference",
                        "os_mempool_init.rst")
    if not os.path.exists(reference):
        report.skip("reference text: %s not found, the os_mempool_init page "
                    "not compared with it" % reference)
        return
    if not report.check(os.path.exists(page), "no os_mempool_init page"):
        return
    ours = resolve_includes(page)
    ours_norm = re.sub(r"\s+", " ", ours)
    ref = read(reference)
    # The title line (with its leading-space defect) and the example's code
    # block are compared separately.
    body, _, example = ref.partition("Example\n^^^^^^^\n")
    paragraphs = [p for p in re.split(r"\n\s*\n", body) if p.strip()]
    title = paragraphs.pop(0)
    report.check(title.split("\n")[0].strip() ==
                 ours.lstrip().split("\n")[0].strip(),
                 "os_mempool_init page title differs from the reference's")
    for para in paragraphs:
        if para.strip().startswith(".. code:: c"):
            continue
        report.check(re.sub(r"\s+", " ", para.strip()) in ours_norm,
                     "os_mempool_init page lacks the reference's text:\n%s"
                     % para)
    code = [l.strip() for l in example.split("\n")
            if l.strip() and not l.strip().startswith(".. code::")]
    shown = [m for m in re.finditer(
        r"literalinclude:: /\.\./examples/(\S+)\n(?:\s+:[\w-]+:.*\n)*?"
        r"\s+:start-after: (.*)\n", ours)]
    lines = []
    for m in shown:
        path = os.path.join(top, "docs", "examples", m.group(1))
        if os.path.exists(path):
            lines += [l.strip() for l in
                      snippet(path, m.group(2).strip()).split("\n")
                      if l.strip()]
    # Statement for statement: a line broken in two (to fit a man page's 80
    # columns) is the same code, a changed token is not.
    report.check(" ".join(code).split() == " ".join(lines).split(),
                 "os_mempool_init page's example differs "
                 "from the reference's:\n  %s\nvs\n  %s"
                 % ("\n  ".join(code), "\n  ".join(lines)))
    # Each return code of the reference stays on the page.
    for code_name in re.findall(r"^\| (OS\\_\w+):", ref, re.M):
        report.check(code_name in ours, "os_mempool_init page lacks %s"
                     % code_name)


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    top_default = os.path.normpath(os.path.join(here, "..", ".."))
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--top", default=top_default)
    parser.add_argument("--reference", default=None)
    parser.add_argument("--cc", default=os.environ.get("CC") or "cc")
    args = parser.parse_args()
    top = os.path.abspath(args.top)
    reference = args.reference or os.path.join(
        top, "..", "shared", "reference", "os_mempool_init.rst")

    report = Report()
    header = Header(top)
    report.check(len(header.api_functions()) >= 11 and header.sizing_macros(),
                 "the header parser found %d functions and macros %s"
                 % (len(header.api_functions()), header.sizing_macros()))
    with tempfile.TemporaryDirectory() as work:
        shown = check_declarations(report, top, header, args.cc, work)
    report.check(shown > 0, "no prototype found in the docs at all")
    check_header_docs(report, header)
    check_reference_pages(report, top, header)
    check_literalincludes(report, top)
    check_code_blocks(report, top, header)
    check_feature_page(report, top)
    check_reference_text(report, top, reference)
    print("drift: %d passed, %d failed, %d skipped"
          % (report.passed, report.failed, report.skipped))
    return 1 if report.failed else 0


if __name__ == "__main__":
    sys.exit(main())
