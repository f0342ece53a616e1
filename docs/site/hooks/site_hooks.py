"""MkDocs hooks of the mempool site (run by Debian's MkDocs 1.4).

One site: the guide's Markdown pages and the reference manual that Sphinx
renders from the header (docs/manual) are laid out by the same theme, with
one navigation and one search index. Each job fails the build loudly
rather than letting a page drift:

* The manual's pages come in as pages of the site. Sphinx's mempool-pages
  builder (docs/manual/_ext/mempool_pages.py) writes each page's body and
  title (MEMPOOL_MANUAL_PAGES, default build/docs/pages); each becomes
  manual/NAME.html here, in this theme, its headings in the page's table
  of contents and in the search index. The manual's toctree (nav.json)
  becomes the "Reference manual" part of the navigation.
* Every C name the manual declares (functions, macros, types, fields,
  result codes) gets an entry of its own in the search index, with its
  summary as the snippet: searching for mp_num_free opens the field.
* ``{% example "FILE.c" "NAME" %}`` on a line of its own becomes a C code
  block holding the lines of docs/examples/FILE.c between the two marker
  lines ``/* [NAME] */``. Pages never carry C code of their own: the
  examples are complete programs that `make check` compiles and runs, so
  what a reader copies is what was tested. ``{% example "FILE.c" %}`` shows
  the whole file. A C code block typed into a page fails the build.
* Each guide page ends with a "See also" line made from mkdocs.yml's
  extra.see_also (the manual's pages make theirs from the header's @see).
* ``[text](manual:SYMBOL)`` links to SYMBOL in the reference manual, looked
  up in the manual's objects.inv, so a renamed page or a symbol that lost
  its page breaks the build instead of a reader's click. A link to a manual
  page by its HTML name (manual/types.html) is checked the same way.
"""

import html
import json
import os
import posixpath
import re
import zlib

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File
from mkdocs.structure.toc import get_toc

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.dirname(os.path.abspath(__file__)))))
EXAMPLES = os.path.join(ROOT, "docs", "examples")
MANUAL_URI = "manual"
# The nav entry of mkdocs.yml that the manual's own navigation replaces.
MANUAL_NAV_TITLE = "Reference manual"

EXAMPLE_RE = re.compile(
    r'^(?P<indent>[ \t]*)\{% example "(?P<file>[\w.-]+)"(?: "(?P<name>[\w.-]+)")? %\}[ \t]*$',
    re.MULTILINE)
MANUAL_LINK_RE = re.compile(r"\]\(manual:(?P<sym>\w+)\)")
# A link to a manual page by its HTML name: the page's source is the .md
# this hook makes, which MkDocs checks the link against.
MANUAL_HTML_LINK_RE = re.compile(
    r"\]\((?P<path>(?:\.\./)*%s/[\w/.-]+?)\.html(?P<rest>#[\w.-]*)?\)" % "manual")
MARKER_RE = re.compile(r"^[ \t]*/\* \[[\w.-]+\] \*/[ \t]*$")
PASTED_C_RE = re.compile(r"^[ \t]*(```|~~~)[ \t]*\{?\.?(c|C|cpp|c\+\+)\b", re.MULTILINE)

# Sphinx's HTML, as Python-Markdown would have written it for this theme.
SECTION_HEADING_RE = re.compile(
    r'<section id="(?P<id>[^"]+)">(?P<spans>\s*(?:<span id="[^"]+"></span>)*)'
    r'\s*<h(?P<level>[1-6])>')
HEADING_RE = re.compile(
    r'<h(?P<level>[1-6]) id="(?P<id>[^"]+)">(?P<title>.*?)</h(?P=level)>',
    re.S)
TABLE_CLASS_RE = re.compile(r'<table class="[^"]*"')
PRE_RE = re.compile(r"<pre>(<span></span>)?(.*?)</pre>", re.S)
# A C declaration: its anchor, its signature and what the dd says first.
OBJECT_RE = re.compile(
    r'<dt class="sig sig-object c" id="(?P<id>c\.[^"]+)">(?P<sig>.*?)</dt>\s*'
    r'<dd>(?P<dd>.*?)(?:</p>|</dd>)', re.S)
TAG_RE = re.compile(r"<[^>]+>")

_inventory = {}
_titles = {}   # src_uri -> the page's title in the navigation
_manual = {}   # src_uri of a manual page -> {"title", "body"}
_objects = []  # search entries of C names: {"location", "title", "text"}


def _manual_dir():
    path = os.environ.get("MEMPOOL_MANUAL_PAGES", "build/docs/pages")
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


def _text(fragment):
    return " ".join(html.unescape(TAG_RE.sub(" ", fragment)).split())


# --- the manual's pages and navigation -------------------------------------

def _nav_items(entries, root=False):
    """nav.json's entries as mkdocs.yml nav items (the manual's own first
    page, under "Reference manual", is its Overview)."""
    items = []
    for entry in entries:
        if root:
            entry = dict(entry, title="Overview")
            root = False
        if "caption" in entry:
            items.append({entry["caption"]: _nav_items(entry["children"])})
            continue
        items.append({entry["title"]: f"{MANUAL_URI}/{entry['page']}.md"})
        # A page's sub-pages follow it, as its toctree groups them.
        items += _nav_items(entry.get("children", []))
    return items


def on_config(config):
    nav_path = os.path.join(_manual_dir(), "nav.json")
    if not os.path.isfile(nav_path):
        raise PluginError(f"the reference manual is not built: no {nav_path} "
                          "(`make docs` builds it first)")
    with open(nav_path, encoding="utf-8") as f:
        manual_nav = _nav_items(json.load(f), root=True)
    nav = config["nav"] or []
    for i, item in enumerate(nav):
        if isinstance(item, dict) and MANUAL_NAV_TITLE in item:
            nav[i] = {MANUAL_NAV_TITLE: manual_nav}
            break
    else:
        raise PluginError(f"mkdocs.yml's nav has no '{MANUAL_NAV_TITLE}' "
                          "entry for the manual to take")
    return config


def on_files(files, config):
    # The hooks and the theme's overrides are the site's machinery, not pages.
    for f in list(files):
        if f.src_uri.startswith(("hooks/", "overrides/")):
            files.remove(f)
    manual = _manual_dir()
    inv = os.path.join(manual, "objects.inv")
    if not os.path.isfile(inv):
        raise PluginError(f"the reference manual is not built: no {inv} "
                          "(`make docs` builds it first)")
    _inventory.clear()
    _inventory.update(_read_inventory(inv))
    _manual.clear()
    _objects.clear()
    for dirpath, dirnames, filenames in os.walk(manual):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            if not name.endswith(".json") or name == "nav.json":
                continue
            path = os.path.join(dirpath, name)
            rel = os.path.relpath(path, manual)[:-len(".json")]
            src = posixpath.join(MANUAL_URI, rel.replace(os.sep, "/") + ".md")
            f = File(src, config["docs_dir"], config["site_dir"],
                     config["use_directory_urls"])
            f.abs_src_path = path
            files.append(f)
            with open(path, encoding="utf-8") as g:
                _manual[src] = json.load(g)
    return files


def on_page_read_source(page, config):
    data = _manual.get(page.file.src_uri)
    if data is None:
        return None
    # The title for the navigation and the search; the body comes in whole
    # at on_page_content.
    return f"---\ntitle: {json.dumps(data['title'])}\n---\n"


def on_nav(nav, config, files):
    _titles.clear()
    for page in nav.pages:
        _titles[page.file.src_uri] = page.title
    return nav


def _see_also(src, config):
    """The "See also" line of a guide page, from mkdocs.yml's
    extra.see_also: the pages' titles, linked."""
    targets = (config["extra"].get("see_also") or {}).get(src)
    if not targets:
        raise PluginError(f"{src}: no 'See also' (extra.see_also in "
                          "mkdocs.yml)")
    links = []
    for target in targets:
        if target not in _titles:
            raise PluginError(f"{src}: 'See also' names {target}, which is "
                              "not a page of the site")
        rel = posixpath.relpath(target, posixpath.dirname(src) or ".")
        links.append(f"[{_titles[target]}]({rel})")
    return "\n\n## See also\n\n" + ", ".join(links) + ".\n"


def _toc_tokens(body):
    """The headings of a Sphinx body as Python-Markdown's toc tokens."""
    tokens = []
    stack = []
    for m in HEADING_RE.finditer(body):
        level = int(m["level"])
        # The page's title and two levels under it: the Memory Pools page's
        # functions, not each function's Arguments, Notes, ...
        if level > 3:
            continue
        title = _text(re.sub(r'<a class="headerlink".*?</a>', "", m["title"]))
        token = {"level": level, "id": m["id"], "name": title, "children": []}
        while stack and stack[-1]["level"] >= level:
            stack.pop()
        (stack[-1]["children"] if stack else tokens).append(token)
        stack.append(token)
    return tokens


def _objects_of(body, url, page_title):
    """Search entries for the C names a page declares. The page's own name
    (a reference page's function) is the page itself, already indexed."""
    found = []
    for m in OBJECT_RE.finditer(body):
        name = m["id"][2:]
        if name == page_title:
            continue
        short = name.split(".")[-1]
        title = short if short == name else \
            f"{short} (struct {name.rsplit('.', 1)[0]})"
        found.append({"location": f"{url}#{m['id']}", "title": title,
                      "text": f"{_text(m['sig'])}: {_text(m['dd'])}"})
    return found


def on_page_content(content, page, config, files):
    data = _manual.get(page.file.src_uri)
    if data is None:
        return content
    body = data["body"]
    # A heading carries its section's id, as Python-Markdown writes it, so
    # the theme's table of contents and the search index find it.
    body = SECTION_HEADING_RE.sub(
        lambda m: f'<section>{m["spans"]}<h{m["level"]} id="{m["id"]}">',
        body)
    # Tables and code blocks in the theme's own styles: a table without a
    # class, and <pre><code>.
    body = TABLE_CLASS_RE.sub("<table", body)
    body = PRE_RE.sub(lambda m: f"<pre><code>{m.group(2)}</code></pre>", body)
    page.toc = get_toc(_toc_tokens(body))
    _objects.extend(_objects_of(body, page.url, data["title"]))
    return body


# --- the guide's Markdown pages ---------------------------------------------

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


def on_page_markdown(markdown, page, config, files):
    src = page.file.src_uri
    if src in _manual:
        return markdown

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
        path, _, anchor = uri.partition("#")
        target = posixpath.join(MANUAL_URI, path[:-len(".html")] + ".md")
        link = posixpath.relpath(target, posixpath.dirname(src) or ".")
        return "](" + link + ("#" + anchor if anchor else "") + ")"

    pasted = PASTED_C_RE.search(markdown)
    if pasted:
        line = markdown.count("\n", 0, pasted.start()) + 1
        raise PluginError(f"{src}:{line}: a C code block written into the page; "
                          "put the code in docs/examples/ and show it with "
                          '{% example "FILE.c" "NAME" %}')
    markdown = EXAMPLE_RE.sub(example, markdown)
    markdown = markdown.rstrip("\n") + _see_also(src, config)
    markdown = MANUAL_HTML_LINK_RE.sub(
        lambda m: f"]({m['path']}.md{m['rest'] or ''})", markdown)
    return MANUAL_LINK_RE.sub(manual_link, markdown)


# --- after the build --------------------------------------------------------

TITLE_RE = re.compile(r'(<h(?P<level>[1-3]) id="[^"]*">)(?P<title>.*?)(</h(?P=level)>)',
                      re.S)


def on_post_page(output, page, config):
    """A long C name in a title may wrap after an underscore on a phone
    (os_mempool_set_<wbr>corrupt_hook), rather than widen the page. Done
    on the written page: the search index keeps the name whole."""
    def breakable(m):
        title = re.sub(r"(?<=\w)_(?=\w)(?![^<]*>)", "_<wbr>", m["title"])
        return m.group(1) + title + m.group(4)
    return TITLE_RE.sub(breakable, output)


def on_post_build(config):
    # A sitemap lists absolute URLs; with no site_url (the site is read from
    # wherever it is served) MkDocs writes "None" for each, so drop it.
    if not config["site_url"]:
        for name in ("sitemap.xml", "sitemap.xml.gz"):
            path = os.path.join(config["site_dir"], name)
            if os.path.exists(path):
                os.remove(path)
    # The C names join the search index the search plugin has written
    # (hooks run after the plugins).
    index_path = os.path.join(config["site_dir"], "search",
                              "search_index.json")
    if not os.path.isfile(index_path):
        raise PluginError(f"no {index_path}: the search plugin is off")
    with open(index_path, encoding="utf-8") as f:
        index = json.load(f)
    index["docs"].extend(_objects)
    with open(index_path, "w", encoding="utf-8") as f:
        json.dump(index, f, ensure_ascii=False, separators=(",", ":"))
