"""Sphinx configuration of the mempool reference manual.

Built from the top of the tree with
    sphinx-build -W --keep-going -n docs/manual build/docs/html
after `doxygen docs/Doxyfile` has written the XML that Breathe reads
(tests/docs.mk does both). Nothing here reaches the network.
"""

import os
import re

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.path.normpath(os.path.join(HERE, "..", ".."))


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
copyright = "the mempool authors, Apache-2.0"
release = _header_version()
version = ".".join(release.split(".")[:2])

extensions = ["breathe"]
source_suffix = {".rst": "restructuredtext"}
root_doc = "index"
exclude_patterns = []
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

# No intersphinx, no remote images: the build works offline.
html_theme = "alabaster"
html_title = "mempool %s manual" % release
html_short_title = "mempool manual"
html_static_path = []
html_show_sourcelink = False
html_copy_source = False
html_theme_options = {
    "description": "Memory pools: Apache Mynewt's API as a C99 library",
    "fixed_sidebar": False,
    # Wide enough for a one-line prototype, as the reference page shows it.
    "page_width": "1240px",
    "body_max_width": "none",
    "code_font_size": "0.85em",
}

# man(3): one page per function and sizing macro, from the same sources as
# the HTML reference pages (reference/NAME.rst).
REFERENCE = [
    ("os_mempool_init", "initialize a memory pool"),
    ("os_mempool_ext_init", "initialize an extended memory pool"),
    ("os_memblock_get", "take a free block from a memory pool"),
    ("os_memblock_put", "return a block to its memory pool"),
    ("os_memblock_put_from_cb",
     "return a block to its pool from a put callback"),
    ("os_memblock_from", "tell whether an address is a block of a pool"),
    ("os_mempool_clear", "make every block of a memory pool free"),
    ("os_mempool_is_sane", "check a memory pool for corruption"),
    ("os_mempool_info_get_next", "walk the registered memory pools"),
    ("os_mempool_get", "find a registered memory pool by name"),
    ("os_mempool_unregister", "remove a memory pool from the registry"),
    ("os_mempool_info_get", "describe one memory pool as a snapshot"),
    ("os_mempool_module_init", "empty the registry of memory pools"),
    ("os_error_to_sys", "convert a result code to a Mynewt system error"),
    ("os_mempool_set_corrupt_hook",
     "replace the memory pool corruption hook"),
    ("OS_MEMPOOL_BYTES", "bytes of buffer a memory pool needs"),
    ("OS_MEMPOOL_SIZE", "os_membuf_t elements a memory pool needs"),
    ("OS_MEMPOOL_BLOCK_SZ", "bytes a block takes in a pool's buffer"),
]
man_pages = [
    ("reference/" + name, name, summary, [author], 3)
    for name, summary in REFERENCE
]
man_make_section_directory = False
man_show_urls = False
