"""A page's elements read with the standard library's HTML parser, so that a test checks
what a page shows (a link, its label, what it holds) and not how the markup around it is
spelled: page(html).find_all("a", "chip") are the chips, whatever other classes they carry."""

from dataclasses import dataclass, field
from html.parser import HTMLParser

VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "wbr"})


@dataclass
class Element:
    tag: str
    attrs: dict
    text: str = ""  # the text of the element and everything in it
    children: list = field(default_factory=list)

    @property
    def classes(self):
        return set((self.attrs.get("class") or "").split())

    @property
    def href(self):
        return self.attrs.get("href")

    def find_all(self, tag, class_name=None):
        """The elements inside this one with this tag (and class), in document order."""
        found = []
        for child in self.children:
            if child.tag == tag and (class_name is None or class_name in child.classes):
                found.append(child)
            found += child.find_all(tag, class_name)
        return found


class _Tree(HTMLParser):
    def __init__(self):
        super().__init__()
        self.root = Element("document", {})
        self.open = [self.root]

    def handle_starttag(self, tag, attrs):
        element = Element(tag, dict(attrs))
        self.open[-1].children.append(element)
        if tag not in VOID:
            self.open.append(element)

    def handle_startendtag(self, tag, attrs):
        self.open[-1].children.append(Element(tag, dict(attrs)))

    def handle_endtag(self, tag):
        for depth in range(len(self.open) - 1, 0, -1):  # an unclosed <p> or <li> ends with its parent
            if self.open[depth].tag == tag:
                del self.open[depth:]
                return

    def handle_data(self, data):
        for element in self.open:
            element.text += data


def page(html):
    """The document's root element."""
    tree = _Tree()
    tree.feed(html)
    tree.close()
    return tree.root
