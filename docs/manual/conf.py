"""Sphinx configuration of the mempool reference manual.

Built from the top of the tree with
    sphinx-build -W --keep-going -n -b mempool-pages docs/manual build/docs/pages
    sphinx-build -W --keep-going -n -b man docs/manual build/docs/man
after `doxygen docs/Doxyfile` has written the XML that Breathe reads
(tests/docs.mk does all three); the site (mkdocs.yml) lays the pages out.
Nothing here reaches the network.
"""

import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.path.normpath(os.path.join(HERE, "..", ".."))
sys.path.insert(0, os.path.join(HERE, "_ext"))

from mempool_api import Api, man_summary  # noqa: E402


def _header_version():
    """major.minor.patch from include/os/os_mempool.h, its only home."""
    path = os.path.join(TOP, "include", "os", "os_mempool.h")
    with open(path, encoding="utf-8") as header:
        text = header.read()
    parts = []
    for part in ("MAJOR", "MINOR", "PATCH"):
        found = re.search(r"^#define OS_MEMPOOL_VERSION_%s (\d+)$" % part,
                          text, re.M)
        if found is None:
            raise RuntimeError("OS_MEMPOOL_VERSION_%s missing from %s"
                               % (part, path))
        parts.append(found.group(1))
    return ".".join(parts)


project = "mempool"
author = "the mempool authors"
# man-pages(7) puts COPYRIGHT before SEE ALSO; Sphinx would write it last,
# so _ext/mempool_man.py writes it from mempool_copyright instead.
copyright = ""
mempool_copyright = "the mempool authors, Apache-2.0"
release = _header_version()
version = ".".join(release.split(".")[:2])

# _ext/: the parts of the manual written from the header (mempool_directives),
# the reference pages' layout (mempool_layout), the man pages' (mempool_man)
# and the builder whose output the site lays out (mempool_pages).
extensions = ["breathe", "mempool_directives", "mempool_layout", "mempool_man",
              "mempool_pages"]
source_suffix = {".rst": "restructuredtext"}
root_doc = "index"
exclude_patterns = ["_ext"]
templates_path = []
primary_domain = "c"
highlight_language = "c"
default_role = None

# Breathe: the XML Doxygen wrote from include/os/*.h (docs/Doxyfile).
breathe_projects = {
    "mempool": os.environ.get("MEMPOOL_DOXYGEN_XML",
                              os.path.join(TOP, "build", "docs", "xml")),
}
breathe_default_project = "mempool"
breathe_domain_by_extension = {"h": "c", "c": "c"}
breathe_show_include = False
breathe_default_members = ()

# Standard types the C domain cannot resolve to a declaration of ours.
nitpicky = True
nitpick_ignore = [
    ("c:identifier", name)
    for name in ("uint8_t", "uint32_t", "uint64_t", "uintptr_t", "size_t",
                 "bool", "int", "char", "void")
]

# No intersphinx, no remote images: the build works offline. The HTML is
# not a site of its own: the mempool-pages builder (_ext/mempool_pages.py)
# writes page bodies that the MkDocs site lays out in its theme, with its
# navigation and its search; so no theme, no search page, no general index
# (the API index lists every name) here.
html_theme = "basic"
html_title = "mempool %s manual" % release
html_short_title = "mempool manual"
html_static_path = []
html_show_sourcelink = False
html_copy_source = False
html_use_index = False

# man(3): one page per function and sizing macro, from the reference pages
# (reference/NAME.rst), laid out by _ext/mempool_man.py. The NAME lines are
# the header's @brief lines, read from Doxygen's XML.
_API = Api(breathe_projects["mempool"])
man_pages = [
    ("reference/" + name, name, man_summary(_API.by_name[name].brief_text),
     [], 3)
    for name in _API.reference_names()
]
man_make_section_directory = False
man_show_urls = False
