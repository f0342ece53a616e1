"""The man(3) pages, laid out as man-pages(7) says, from the reference pages.

A reference page reads in the reference's order (prototype, description,
Arguments, Returned values, Context, Notes, Example, See also); its man page
reads in man's:

    NAME           the header's @brief (conf.py)
    SYNOPSIS       #include <os/os_mempool.h>, the declaration as the header
                   has it (wrapped to fit 80 columns), and -lmempool
    DESCRIPTION    the description, then the arguments as a list
    RETURN VALUE   Returned values
    ATTRIBUTES     Context: where the function may be called from
    NOTES          Notes, and what the page adds beyond the reference
    EXAMPLES       Example
    COPYRIGHT      conf.py's mempool_copyright
    SEE ALSO       the header's @see, as name(3)

Only the man builder sees this; the HTML pages keep the reference format.
A section this layout does not know fails the build, so a new section on
the reference pages is placed here on purpose, not dropped.
"""

from docutils import nodes
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util import logging

from mempool_api import wrap_declaration
from mempool_directives import api
from mempool_layout import mempool_decl

logger = logging.getLogger(__name__)

INCLUDE = "#include <os/os_mempool.h>"
LINK = "Link with -lmempool (pkg-config: mempool)."
# Columns a code line may take: 80, less the 7 of a section's body and the
# 3 of a literal block.
CODE_WIDTH = 70

# Reference section title -> (man section, as a subsection titled so).
PLACE = {
    "Arguments": ("DESCRIPTION", "Arguments"),
    "Returned values": ("RETURN VALUE", None),
    "Context": ("ATTRIBUTES", None),
    "Notes": ("NOTES", None),
    "Beyond the reference": ("NOTES", "Beyond the reference"),
    "Example": ("EXAMPLES", None),
    "See also": ("SEE ALSO", None),
}
ORDER = ["SYNOPSIS", "DESCRIPTION", "RETURN VALUE", "ATTRIBUTES", "NOTES",
         "EXAMPLES", "COPYRIGHT", "SEE ALSO"]


def section(title, children=()):
    sec = nodes.section(ids=["man-" + title.lower().replace(" ", "-")])
    sec += nodes.title(title, title)
    sec.extend(children)
    return sec


def arguments_list(body):
    """An Arguments table as a list of terms: tables are for browsers."""
    out = []
    for node in body:
        if not isinstance(node, nodes.table):
            if node.astext().strip() not in ("None.", ""):
                out.append(node)
            continue
        items = nodes.definition_list()
        for row in node.findall(nodes.row):
            if isinstance(row.parent, nodes.thead):
                continue
            cells = [c for c in row.children if isinstance(c, nodes.entry)]
            term = nodes.term()
            term += nodes.emphasis(cells[0].astext(), cells[0].astext())
            definition = nodes.definition()
            definition.extend(cells[1].children)
            items += nodes.definition_list_item("", term, definition)
        out.append(items)
    return out


class ManPageLayout(SphinxPostTransform):
    builders = ("man",)
    default_priority = 20

    def run(self, **kwargs):
        docname = self.env.docname
        if not docname.startswith("reference/"):
            return
        the_api = api(self.env, note=False)
        name = docname.split("/", 1)[1]
        member = the_api.by_name.get(name)
        if member is None or name not in the_api.reference_names():
            return
        top = next(iter(self.document.findall(nodes.section)))
        parts = {title: [] for title in ORDER}
        prototype_seen = False
        for child in list(top.children[1:]):
            top.remove(child)
            if isinstance(child, mempool_decl):
                continue
            if isinstance(child, nodes.literal_block) and not prototype_seen:
                prototype_seen = True
                continue
            if not isinstance(child, nodes.section):
                parts["DESCRIPTION"].append(child)
                continue
            title = child[0].astext()
            if title not in PLACE:
                logger.warning("%s: no man page section for '%s'; place it "
                               "in mempool_man.PLACE", docname, title,
                               location=child)
                continue
            where, subsection = PLACE[title]
            body = list(child.children[1:])
            if title == "Arguments":
                body = arguments_list(body)
                if not body:
                    continue
            if title == "See also":
                body = [self.see_also(the_api, member)]
            if subsection:
                parts[where].append(section(subsection, body))
            else:
                parts[where].extend(body)

        declaration = member.declaration()
        if member.kind == "function":
            declaration += ";"
        declaration = wrap_declaration(declaration, CODE_WIDTH)
        synopsis = INCLUDE + "\n\n" + declaration
        parts["SYNOPSIS"] = [nodes.literal_block(synopsis, synopsis),
                             nodes.paragraph(LINK, LINK)]
        notice = self.config.mempool_copyright
        parts["COPYRIGHT"] = [nodes.paragraph(notice, notice)]
        for title in ORDER:
            if parts[title]:
                top += section(title, parts[title])

    def see_also(self, the_api, member):
        pages = set(the_api.reference_names())
        para = nodes.paragraph()
        for i, refid in enumerate(member.see_also()):
            target = the_api.by_refid[refid]
            if i:
                para += nodes.Text(", ")
            para += nodes.strong(target.name, target.name)
            if target.name in pages:
                para += nodes.Text("(3)")
        return para


def setup(app):
    app.add_post_transform(ManPageLayout)
    app.add_config_value("mempool_copyright", "", "env")
    return {"parallel_read_safe": True, "parallel_write_safe": True}
