"""MkDocs hooks of the mempool site (run by Debian's MkDocs 1.4).

Three jobs, each failing the build loudly rather than letting a page drift:

* ``{% example "FILE.c" "NAME" %}`` on a line of its own becomes a C code
  block holding the lines of docs/examples/FILE.c between the two marker
  lines ``/* [NAME] */``. Pages never carry C code of their own: the
  examples are complete programs that `make check` compiles and runs, so
  what a reader copies is what was tested. ``{% example "FILE.c" %}`` shows
  the whole file. A C code block typed into a page fails the build.
* ``[text](manual:SYMBOL)`` links to SYMBOL's entry in the Sphinx reference
  manual, looked up in the manual's objects.inv, so a renamed page or a
  symbol that lost its page breaks the build instead of a reader's click.
* The Sphinx HTML (MEMPOOL_MANUAL_HTML, default build/docs/html) joins the
  site under manual/, so MkDocs copies it and checks every link into it.
  Each copied manual page gets a bar at its top with the site's pages, so a
  reader in the manual is still on the same site and can go back.
"""

import html

import os
import posixpath
import re
import zlib

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.dirname(os.path.abspath(__file__)))))
EXAMPLES = os.path.join(ROOT, "docs", "examples")
MANUAL_URI = "manual"

EXAMPLE_RE = re.compile(
    r'^(?P<indent>[ \t]*)\{% example "(?P<file>[\w.-]+)"(?: "(?P<name>[\w.-]+)")? %\}[ \t]*$',
    re.MULTILINE)
MANUAL_LINK_RE = re.compile(r"\]\(manual:(?P<sym>\w+)\)")
MARKER_RE = re.compile(r"^[ \t]*/\* \[[\w.-]+\] \*/[ \t]*$")
PASTED_C_RE = re.compile(r"^[ \t]*(```|~~~)[ \t]*\{?\.?(c|C|cpp|c\+\+)\b", re.MULTILINE)

_inventory = {}
_site_pages = []  # (title, URL from the site's root), in navigation order

BAR_STYLE = (
    "display:flex;flex-wrap:wrap;gap:0 1.2em;align-items:baseline;"
    "margin:0;padding:.6em 1.2em;background:#546e7a;"
    "font:15px/1.5 -apple-system,BlinkMacSystemFont,Helvetica,Arial,sans-serif")
BAR_LINK_STYLE = "color:#fff;text-decoration:none;border:0"


def _manual_dir():
    path = os.environ.get("MEMPOOL_MANUAL_HTML", "build/docs/html")
    return path if os.path.isabs(path) else os.path.join(ROOT, path)


def _read_inventory(path):
    """Maps each C symbol of a Sphinx objects.inv (version 2) to its URI."""
    with open(path, "rb") as f:
        header = [f.readline() for _ in range(4)]
        if not header[0].startswith(b"# Sphinx inventory version 2"):
            raise PluginError(f"{path}: not a Sphinx inventory version 2")
        body = zlib.decompress(f.read()).decode("utf-8")
    symbols = {}
    entry = re.compile(r"(?x)(.+?)\s+(\S+:\S+)\s+(-?\d+)\s+(\S+)\s+(.*)")
    for line in body.splitlines():
        m = entry.match(line.rstrip())
        if not m:
            continue
        name, role, _prio, uri, _disp = m.groups()
        if not role.startswith("c:"):
            continue
        if uri.endswith("$"):
            uri = uri[:-1] + name
        # The first entry wins: Sphinx lists a symbol once per domain role.
        symbols.setdefault(name, uri)
    return symbols


def _example_lines(file_name, name, page):
    path = os.path.join(EXAMPLES, file_name)
    try:
        with open(path, encoding="utf-8") as f:
            lines = f.read().splitlines()
    except OSError as e:
        raise PluginError(f"{page}: example {file_name}: {e.strerror}") from e
    if name is None:
        # The whole program, without the marker lines only the pages need.
        return [l for l in lines if not MARKER_RE.match(l)]
    marker = f"/* [{name}] */"
    marks = [i for i, line in enumerate(lines) if line.strip() == marker]
    if len(marks) != 2:
        raise PluginError(f"{page}: {file_name} has {len(marks)} marker "
                          f"lines '{marker}', needs exactly 2")
    part = lines[marks[0] + 1:marks[1]]
    if not any(line.strip() for line in part):
        raise PluginError(f"{page}: snippet [{name}] of {file_name} is empty")
    # Dedent by the common indentation, so a snippet from inside a
    # function reads from the left margin.
    indent = min(len(l) - len(l.lstrip()) for l in part if l.strip())
    return [l[indent:] for l in part]


def on_files(files, config):
    for f in list(files):
        if f.src_uri.startswith("hooks/"):
            files.remove(f)
    manual = _manual_dir()
    inv = os.path.join(manual, "objects.inv")
    if not os.path.isfile(inv):
        raise PluginError(f"the reference manual is not built: no {inv} "
                          "(`make docs` builds it first)")
    _inventory.clear()
    _inventory.update(_read_inventory(inv))
    for dirpath, dirnames, filenames in os.walk(manual):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            if name.startswith("."):
                continue
            rel = os.path.relpath(os.path.join(dirpath, name), manual)
            f = File(posixpath.join(MANUAL_URI, rel.replace(os.sep, "/")),
                     config["docs_dir"], config["site_dir"],
                     config["use_directory_urls"])
            f.abs_src_path = os.path.join(dirpath, name)
            files.append(f)
    return files


def on_page_markdown(markdown, page, config, files):
    src = page.file.src_uri

    def example(m):
        lines = _example_lines(m["file"], m["name"], src)
        indent = m["indent"]
        body = "\n".join(indent + l if l else l for l in lines)
        return f"{indent}```c\n{body}\n{indent}```"

    def manual_link(m):
        uri = _inventory.get(m["sym"])
        if uri is None:
            raise PluginError(f"{src}: the reference manual has no entry "
                              f"for {m['sym']}")
        target = posixpath.join(MANUAL_URI, uri)
        return "](" + posixpath.relpath(target, posixpath.dirname(src) or ".") + ")"

    pasted = PASTED_C_RE.search(markdown)
    if pasted:
        line = markdown.count("\n", 0, pasted.start()) + 1
        raise PluginError(f"{src}:{line}: a C code block written into the page; "
                          "put the code in docs/examples/ and show it with "
                          '{% example "FILE.c" "NAME" %}')
    markdown = EXAMPLE_RE.sub(example, markdown)
    return MANUAL_LINK_RE.sub(manual_link, markdown)


def on_nav(nav, config, files):
    _site_pages.clear()
    for page in nav.pages:
        _site_pages.append((page.title, page.file.url))
    return nav


def _site_bar(depth, site_name):
    up = "../" * depth
    links = [f'<a style="{BAR_LINK_STYLE};font-weight:bold" '
             f'href="{up}index.html">{html.escape(site_name)}</a>']
    for title, url in _site_pages:
        if url in ("index.html", "./", ""):
            continue
        links.append(f'<a style="{BAR_LINK_STYLE}" href="{up}{url}">'
                     f'{html.escape(title)}</a>')
    return (f'<nav class="mempool-site-bar" aria-label="mempool site" '
            f'style="{BAR_STYLE}">' + "".join(links) + "</nav>")


def on_post_build(config):
    # A sitemap lists absolute URLs; with no site_url (the site is read from
    # wherever it is served) MkDocs writes "None" for each, so drop it.
    if not config["site_url"]:
        for name in ("sitemap.xml", "sitemap.xml.gz"):
            path = os.path.join(config["site_dir"], name)
            if os.path.exists(path):
                os.remove(path)
    root = os.path.join(config["site_dir"], MANUAL_URI)
    body = re.compile(r"<body[^>]*>")
    for dirpath, _dirnames, filenames in os.walk(root):
        for name in filenames:
            if not name.endswith(".html"):
                continue
            path = os.path.join(dirpath, name)
            depth = os.path.relpath(path, config["site_dir"]).count(os.sep)
            with open(path, encoding="utf-8") as f:
                text = f.read()
            if 'class="mempool-site-bar"' in text:
                continue  # copied earlier and not since
            m = body.search(text)
            if m is None:
                raise PluginError(f"{path}: no <body> to put the site bar in")
            bar = _site_bar(depth, config["site_name"])
            text = text[:m.end()] + bar + text[m.end():]
            with open(path, "w", encoding="utf-8") as f:
                f.write(text)
