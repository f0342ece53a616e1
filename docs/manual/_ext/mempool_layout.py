"""The layout of the reference pages, and C spelling in Breathe's output.

* On a reference page (reference/NAME.rst), the "Declaration in the header"
  section (Breathe's rendering of the header comment) moves under the
  prototype, folded (an HTML <details>), and NAME's anchors (c.NAME and
  Doxygen's id) move to the page's title: every link to NAME, whichever
  anchor it uses, opens the page at its top, not at the declaration.
* Doxygen writes a struct field as os_mempool_ext::mpe_put_arg, C++'s way;
  a C manual writes os_mempool_ext.mpe_put_arg.
* The prototype under a reference section's title is marked
  (mempool-prototype), so the site can wrap it instead of scrolling it.
* A typedef of a function type (os_mempool_put_fn) gets the same
  "Parameters" and "Returns" lists as a function, instead of one
  "Param ome:" line per parameter.
* A field declared with a list macro of os/queue.h, as Mynewt declares
  them (SLIST_ENTRY(os_memblock) mb_next), is shown so: neither Doxygen nor
  Sphinx's C parser takes a macro as a type, so docs/Doxyfile has Doxygen
  write it as a plain type name (SLIST_ENTRY__os_memblock), which the page
  spells back.
"""

import re

from docutils import nodes
from sphinx import addnodes
from sphinx.domains.c import CTypeObject, _function_doc_field_types

from mempool_directives import api

DECLARATION_TITLE = "Declaration in the header"
CXX_SCOPE = re.compile(r"\b([A-Za-z_]\w*)::([A-Za-z_]\w*)")
# SLIST_ENTRY(os_memblock), as docs/Doxyfile has Doxygen write it.
LIST_MACRO_NAME = re.compile(r"\b([A-Z]+_(?:ENTRY|HEAD))__(\w+)")



class mempool_decl(nodes.General, nodes.Element):
    """The header's declaration of a reference page's name, folded."""


def visit_decl_html(self, node):
    self.body.append('<details class="mempool-decl">'
                     '<summary>%s <code>%s</code></summary>\n'
                     % (DECLARATION_TITLE, self.encode(node["header"])))


def depart_decl_html(self, node):
    self.body.append("</details>\n")


def skip(self, node):
    raise nodes.SkipNode


def fold_declaration(app, doctree):
    docname = app.env.docname
    if not docname.startswith("reference/"):
        return
    name = docname.split("/", 1)[1]
    the_api = api(app.env, note=False)
    if name not in the_api.reference_names():
        return
    top = next(iter(doctree.findall(nodes.section)))
    decl = [s for s in top.children if isinstance(s, nodes.section)
            and s[0].astext() == DECLARATION_TITLE]
    prototype = [n for n in top.children if isinstance(n, nodes.literal_block)]
    if len(decl) != 1 or not prototype:
        raise ValueError("%s: a reference page has a prototype and one "
                         "'%s' section" % (docname, DECLARATION_TITLE))
    section = decl[0]
    fold = mempool_decl(header=the_api.by_name[name].file)
    fold.extend(section.children[1:])
    top.insert(top.index(prototype[0]) + 1, fold)
    top.remove(section)
    # The anchors of the name itself go to the page's top.
    for sig in fold.findall(addnodes.desc_signature):
        if not any(i == "c." + name for i in sig["ids"]):
            continue
        moved = list(sig["ids"])
        sig["ids"] = []
        for target in sig.findall(nodes.target):
            moved += target["ids"]
            target["ids"] = []
        for node_id in moved:
            top["ids"].append(node_id)
            doctree.ids[node_id] = top
        break
    else:
        raise ValueError("%s: no declaration of %s under '%s'"
                         % (docname, name, DECLARATION_TITLE))


def c_spelling(app, doctree):
    for text in list(doctree.findall(nodes.Text)):
        if isinstance(text.parent, (nodes.literal_block, nodes.raw)):
            continue
        fixed = CXX_SCOPE.sub(r"\1.\2", text.astext())
        fixed = LIST_MACRO_NAME.sub(r"\1(\2)", fixed)
        if fixed != text.astext():
            text.parent.replace(text, nodes.Text(fixed))


def mark_prototypes(app, doctree):
    """The code block right under a reference section's title (a name's
    section: its title is the name the code declares) is the prototype:
    the site wraps it, so a phone shows it whole, where other code
    scrolls."""
    for section in doctree.findall(nodes.section):
        name = section[0].astext()
        body = [n for n in section.children[1:]
                if not isinstance(n, (nodes.comment, nodes.target))]
        if body and isinstance(body[0], nodes.literal_block) and \
                re.search(r"\b%s\(" % re.escape(name), body[0].astext()):
            body[0]["classes"].append("mempool-prototype")


def ignore_list_macros(app, config):
    """The list macros are os/queue.h's, not names the manual declares."""
    config.nitpick_ignore_regex = list(config.nitpick_ignore_regex) + [
        ("c:identifier", r"[A-Z]+_(ENTRY|HEAD)__\w+")]


def setup(app):
    # A function type's parameters are listed as a function's are.
    CTypeObject.doc_field_types = list(_function_doc_field_types)
    app.connect("config-inited", ignore_list_macros)
    app.add_node(mempool_decl, html=(visit_decl_html, depart_decl_html),
                 man=(skip, None), text=(skip, None))
    app.connect("doctree-read", c_spelling)
    app.connect("doctree-read", fold_declaration)
    app.connect("doctree-read", mark_prototypes)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
