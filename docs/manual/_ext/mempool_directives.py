"""Directives that write what the header already says, from Doxygen's XML.

    .. mempool-context:: NAME      the paragraphs of NAME's @context
    .. mempool-see-also:: NAME     NAME's @see list, as links
    .. mempool-function-list::     every reference name with its @brief,
                                   linked to its section of the page
    .. mempool-api-index::         one table and one (hidden) toctree per
       Caption: name name ...      group of reference pages; every
                                   reference name must be in a group
    .. mempool-symbol-index::      every other documented name, with its
                                   @brief, linked to where it is declared
    .. mempool-structs::           Breathe's doxygenstruct, with its members,
                                   for every struct of the header

A name the header does not document, a missing @context or @see, or a link
that does not resolve is a warning, and the manual's build fails on it.
"""

import os

from docutils import nodes
from docutils.parsers.rst import directives
from docutils.statemachine import StringList
from sphinx import addnodes
from sphinx.util.docutils import SphinxDirective

from mempool_api import Api

# Sphinx C-domain roles for the kinds of Member.
ROLE = {"function": "func", "define": "macro", "typedef": "type",
        "enum": "enum", "enumvalue": "enumerator", "struct": "struct",
        "field": "member", "variable": "var"}

_api = {}


def api(env, note=True):
    """The Api of the XML this build reads, reloaded when it changes; note
    the page being read depends on the XML."""
    xml_dir = env.config.breathe_projects[env.config.breathe_default_project]
    stamp = os.path.getmtime(os.path.join(xml_dir, "index.xml"))
    if _api.get("key") != (xml_dir, stamp):
        _api["key"] = (xml_dir, stamp)
        _api["api"] = Api(xml_dir)
    # A page built from the XML is read again when the XML changes.
    if note:
        for path in _api["api"].files:
            env.note_dependency(path)
    return _api["api"]


def display_name(member):
    if member.kind == "function":
        return member.name + "()"
    if member.kind == "field":
        return member.name
    return member.name


def xref(env, member, text=None):
    """A C-domain link to member, shown as code."""
    target = member.name
    if member.kind == "enumvalue":
        # Sphinx's C domain declares an enumerator inside its enum.
        target = "%s.%s" % (member.parent.name, member.name)
    node = addnodes.pending_xref(
        "", refdomain="c", reftype=ROLE[member.kind], reftarget=target,
        refexplicit=True, refwarn=True, refdoc=env.docname)
    node += nodes.literal(text or display_name(member),
                          text or display_name(member))
    return node


def inline(env, elem, the_api):
    """docutils inline nodes for a Doxygen XML paragraph's content."""
    out = []
    if elem.text:
        out.append(nodes.Text(elem.text))
    for child in elem:
        tag = child.tag
        text = "".join(child.itertext())
        if tag == "ref":
            target = the_api.by_refid.get(child.get("refid"))
            out.append(xref(env, target, text) if target
                       else nodes.literal(text, text))
        elif tag == "computeroutput":
            inner = inline(env, child, the_api)
            if any(isinstance(n, addnodes.pending_xref) for n in inner):
                out += inner
            else:
                out.append(nodes.literal(text, text))
        elif tag == "emphasis":
            out.append(nodes.emphasis(text, text))
        elif tag == "bold":
            out.append(nodes.strong(text, text))
        elif tag in ("simplesect", "parameterlist"):
            pass
        else:
            out += inline(env, child, the_api)
        if child.tail:
            out.append(nodes.Text(child.tail))
    return out


def brief_nodes(env, member, the_api):
    paras = member.brief.findall("para") if member.brief is not None else []
    out = []
    for para in paras:
        out += inline(env, para, the_api)
    while out and isinstance(out[-1], nodes.Text) and not out[-1].strip():
        out.pop()
    if out and isinstance(out[-1], nodes.Text):
        out[-1] = nodes.Text(out[-1].rstrip())
    return out


class NameDirective(SphinxDirective):
    required_arguments = 1

    def member(self):
        the_api = api(self.env)
        member = the_api.by_name.get(self.arguments[0])
        if member is None:
            raise self.error("%s is not documented in the header"
                             % self.arguments[0])
        return the_api, member


class ContextDirective(NameDirective):
    """Where NAME may be called from, as its @context says."""

    def run(self):
        the_api, member = self.member()
        paras = member.context()
        if not paras:
            raise self.error("%s has no @context in the header" % member.name)
        out = []
        for para in paras:
            node = nodes.paragraph()
            node += inline(self.env, para, the_api)
            out.append(node)
        out[0]["classes"].append("mempool-context")
        return out


class SeeAlsoDirective(NameDirective):
    """NAME's @see list, as links to the pages of those names."""

    def run(self):
        the_api, member = self.member()
        refs = member.see_also()
        if not refs:
            raise self.error("%s has no @see in the header" % member.name)
        para = nodes.paragraph(classes=["mempool-see-also"])
        for i, refid in enumerate(refs):
            target = the_api.by_refid.get(refid)
            if target is None:
                raise self.error("%s: @see names %s, which the header does "
                                 "not document" % (member.name, refid))
            if i:
                para += nodes.Text(", ")
            para += xref(self.env, target)
        return [para]


class FunctionListDirective(SphinxDirective):
    """The Memory Pools page's List of Functions: every reference name, its
    @brief, a link to its section (label mp-NAME) and to its own page."""

    def run(self):
        the_api = api(self.env)
        items = nodes.bullet_list(classes=["mempool-function-list"])
        for name in the_api.reference_names():
            member = the_api.by_name[name]
            para = nodes.paragraph()
            link = addnodes.pending_xref(
                "", refdomain="std", reftype="ref", reftarget=("mp-" + name).lower(),
                refexplicit=True, refwarn=True, refdoc=self.env.docname)
            link += nodes.literal(name, name)
            para += link
            para += nodes.Text(": ")
            para += brief_nodes(self.env, member, the_api)
            para += nodes.Text(" (")
            page = addnodes.pending_xref(
                "", refdomain="std", reftype="doc",
                reftarget="/reference/" + name, refexplicit=True,
                refwarn=True, refdoc=self.env.docname)
            page += nodes.inline("its own page", "its own page")
            para += page
            para += nodes.Text(")")
            items += nodes.list_item("", para)
        return [items]


def summary_table(env, the_api, members, link):
    """A two-column table: each member's link, and its @brief."""
    table = nodes.table(classes=["mempool-index"])
    group = nodes.tgroup(cols=2)
    table += group
    group += nodes.colspec(colwidth=35)
    group += nodes.colspec(colwidth=65)
    head = nodes.thead()
    row = nodes.row()
    for title in ("Name", "Summary"):
        row += nodes.entry("", nodes.paragraph(title, title))
    head += row
    group += head
    body = nodes.tbody()
    group += body
    for member in members:
        row = nodes.row()
        cell = nodes.entry()
        cell += nodes.paragraph("", "", link(member))
        row += cell
        cell = nodes.entry()
        cell += nodes.paragraph("", "", *brief_nodes(env, member, the_api))
        row += cell
        body += row
    return table


class ApiIndexDirective(SphinxDirective):
    """The function reference's index: one group per content line,
    "Caption: name name ...", each a table of links and briefs and a
    hidden toctree of the pages (the site's navigation reads those)."""

    has_content = True

    def run(self):
        the_api = api(self.env)
        wanted = the_api.reference_names()
        seen = []
        out = []
        for line in self.content:
            if not line.strip():
                continue
            caption, _, names = line.partition(":")
            names = names.split()
            for name in names:
                if name not in wanted:
                    raise self.error("%s is not a function or sizing macro "
                                     "of the header" % name)
            seen += names
            out.append(nodes.rubric(caption.strip(), caption.strip()))
            out.append(summary_table(
                self.env, the_api, [the_api.by_name[n] for n in names],
                lambda m: addnodes.pending_xref(
                    "", nodes.literal(m.name, m.name), refdomain="std",
                    reftype="doc", reftarget="/reference/" + m.name,
                    refexplicit=True, refwarn=True,
                    refdoc=self.env.docname)))
            toc = addnodes.toctree()
            toc["parent"] = self.env.docname
            docs = ["reference/" + n for n in names]
            toc["entries"] = [(None, d) for d in docs]
            toc["includefiles"] = docs
            toc["maxdepth"] = 1
            toc["caption"] = caption.strip()
            toc["glob"] = False
            toc["hidden"] = True
            toc["includehidden"] = False
            toc["numbered"] = 0
            toc["titlesonly"] = False
            wrapper = nodes.compound(classes=["toctree-wrapper"])
            wrapper += toc
            out.append(wrapper)
        missing = [n for n in wanted if n not in seen]
        if missing:
            raise self.error("in no group of the API index: %s"
                             % " ".join(missing))
        return out


class SymbolIndexDirective(SphinxDirective):
    """Every documented name without a page of its own, linked to where the
    manual declares it (a link that does not resolve fails the build, so
    every name of the header is declared somewhere in the manual)."""

    option_spec = {"kinds": directives.unchanged}

    def run(self):
        the_api = api(self.env)
        # Fields are listed with their struct, on the Memory Pools page.
        kinds = self.options.get("kinds", "").split() or \
            [k for k in ROLE if k != "field"]
        members = [the_api.by_name[n] for n in the_api.other_names()]
        members = [m for m in members if m.kind in kinds]
        return [summary_table(self.env, the_api, members,
                              lambda m: xref(self.env, m))]


class StructsDirective(SphinxDirective):
    """Every struct the header documents, with its fields, in header order:
    a struct or field added, renamed or removed in the header is on the
    page at the next build, with no list to keep."""

    def run(self):
        the_api = api(self.env)
        structs = sorted((m for m in the_api.members if m.kind == "struct"),
                         key=lambda m: (m.file, m.line))
        text = "".join(".. doxygenstruct:: %s\n   :members:\n\n" % m.name
                       for m in structs)
        container = nodes.container(classes=["mempool-structs"])
        self.state.nested_parse(StringList(text.splitlines(),
                                           source=self.get_source_info()[0]),
                                self.content_offset, container)
        return container.children


def setup(app):
    app.add_directive("mempool-context", ContextDirective)
    app.add_directive("mempool-see-also", SeeAlsoDirective)
    app.add_directive("mempool-function-list", FunctionListDirective)
    app.add_directive("mempool-api-index", ApiIndexDirective)
    app.add_directive("mempool-symbol-index", SymbolIndexDirective)
    app.add_directive("mempool-structs", StructsDirective)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
