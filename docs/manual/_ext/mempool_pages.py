"""The manual as page bodies for the site: `sphinx-build -b mempool-pages`.

Sphinx renders the manual (Breathe, cross-references, highlighting) and
MkDocs lays it out with the rest of the site, in one theme, one navigation
and one search index (docs/site/hooks/site_hooks.py). This builder writes,
for each page NAME of the manual:

    NAME.json    {"title": plain text, "body": the page's HTML body}

and for the whole manual:

    nav.json     the toctree: [{"page", "title", "children": [...]} or
                 {"caption", "children": [...]}], in reading order
    objects.inv  Sphinx's inventory of C names, for the site's links

Links between pages are plain NAME.html paths, as the site serves them.
No theme, no static files, no search page, no general index: the site has
its own search, and the API index page lists every name.
"""

import glob
import hashlib
import json
import os

from docutils import nodes
from sphinx import addnodes
from sphinx.builders.html import StandaloneHTMLBuilder
from sphinx.util.osutil import ensuredir


class PagesBuilder(StandaloneHTMLBuilder):
    name = "mempool-pages"
    format = "html"
    epilog = "The manual's page bodies are in %(outdir)s."
    search = False
    copysource = False

    def handle_page(self, pagename, addctx, templatename="page.html",
                    outfilename=None, event_arg=None):
        if "body" not in addctx:
            return  # genindex, search: the site does without them
        title = self.env.titles.get(pagename)
        page = {
            "title": title.astext() if title is not None else pagename,
            "body": addctx["body"],
        }
        path = os.path.join(self.outdir, pagename + ".json")
        ensuredir(os.path.dirname(path))
        with open(path, "w", encoding="utf-8") as f:
            json.dump(page, f, ensure_ascii=False, indent=0)

    def gen_additional_pages(self):
        pass

    def copy_static_files(self):
        pass

    def write_buildinfo(self):
        pass

    def handle_finish(self):
        self.finish_tasks.add_task(self.dump_inventory)
        self.finish_tasks.add_task(self.dump_nav)

    def _nav(self, docname, seen):
        """The pages a page's toctrees include, grouped by caption."""
        doctree = self.env.get_doctree(docname)
        items = []
        for toc in doctree.findall(addnodes.toctree):
            children = []
            for _title, ref in toc["entries"]:
                if ref in seen or ref not in self.env.all_docs:
                    continue
                seen.add(ref)
                entry = {"page": ref,
                         "title": self.env.titles[ref].astext()}
                sub = self._nav(ref, seen)
                if sub:
                    entry["children"] = sub
                children.append(entry)
            if toc.get("caption"):
                items.append({"caption": toc["caption"],
                              "children": children})
            else:
                items += children
        return items

    def dump_nav(self):
        root = self.config.root_doc
        nav = [{"page": root, "title": self.env.titles[root].astext()}]
        nav += self._nav(root, {root})
        with open(os.path.join(self.outdir, "nav.json"), "w",
                  encoding="utf-8") as f:
            json.dump(nav, f, indent=1)


def _ext_stamp():
    """A digest of _ext/*.py: a change to how pages are made reads every
    page again (Sphinx otherwise re-reads only the pages whose sources
    changed)."""
    digest = hashlib.sha256()
    for path in sorted(glob.glob(os.path.join(os.path.dirname(
            os.path.abspath(__file__)), "*.py"))):
        with open(path, "rb") as f:
            digest.update(f.read())
    return digest.hexdigest()


def setup(app):
    app.add_builder(PagesBuilder)
    app.add_config_value("mempool_ext_stamp", _ext_stamp(), "env")
    return {"parallel_read_safe": True, "parallel_write_safe": True}
