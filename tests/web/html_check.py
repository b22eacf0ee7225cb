"""A small structural checker for the pages: landmarks, labels, text alternatives, local assets.

It parses with the standard library's HTMLParser and reports problems as strings, so a failing
test says what is wrong and where.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urlsplit

ASSET_TAGS = {"link": "href", "script": "src", "img": "src", "source": "src", "iframe": "src", "video": "src",
              "audio": "src", "embed": "src", "object": "data", "use": "href", "image": "href"}
LABELLED = {"input", "select", "textarea"}
UNLABELLED_INPUTS = {"hidden", "submit", "button", "reset", "image"}


@dataclass
class Page(HTMLParser):
    ids: Counter[str] = field(default_factory=Counter)
    tags: Counter[str] = field(default_factory=Counter)
    label_for: set[str] = field(default_factory=set)
    controls: list[dict[str, str]] = field(default_factory=list)
    assets: list[str] = field(default_factory=list)
    links: list[str] = field(default_factory=list)
    svgs: list[dict[str, str]] = field(default_factory=list)
    svg_titles: list[str] = field(default_factory=list)
    imgs: list[dict[str, str]] = field(default_factory=list)
    styles: list[str] = field(default_factory=list)
    lang: str | None = None
    _in_svg: int = 0
    _label_depth: int = 0

    def __post_init__(self) -> None:
        HTMLParser.__init__(self, convert_charrefs=True)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        self.tags[tag] += 1
        if "id" in a:
            self.ids[a["id"]] += 1
        if "style" in a:
            self.styles.append(tag)
        if tag == "html":
            self.lang = a.get("lang")
        if tag == "label":
            self._label_depth += 1
            if "for" in a:
                self.label_for.add(a["for"])
        if tag in LABELLED and a.get("type", "") not in UNLABELLED_INPUTS:
            self.controls.append({**a, "_tag": tag, "_wrapped": "1" if self._label_depth else ""})
        attribute = ASSET_TAGS.get(tag)
        if attribute and attribute in a and not (tag == "link" and a.get("rel") in ("alternate", "canonical")):
            self.assets.append(a[attribute])
        if tag == "a" and "href" in a:
            self.links.append(a["href"])
        if tag == "svg":
            if self._in_svg == 0:
                self.svgs.append(a)
            self._in_svg += 1
        if tag == "img":
            self.imgs.append(a)

    def handle_endtag(self, tag: str) -> None:
        if tag == "label":
            self._label_depth = max(0, self._label_depth - 1)
        if tag == "svg":
            self._in_svg -= 1

    def problems(self) -> list[str]:
        out = []
        if self.lang != "en":
            out.append("<html> has no lang='en'")
        for landmark in ("header", "nav", "main", "footer"):
            if not self.tags[landmark]:
                out.append(f"no <{landmark}> landmark")
        if self.tags["main"] > 1:
            out.append("more than one <main>")
        if self.tags["h1"] != 1:
            out.append(f"{self.tags['h1']} <h1> elements (expected one)")
        out += [f"duplicate id {i!r}" for i, n in self.ids.items() if n > 1]
        for control in self.controls:
            named = control.get("id") in self.label_for or control["_wrapped"] or control.get("aria-label") \
                or control.get("aria-labelledby")
            if not named:
                out.append(f"<{control['_tag']} name={control.get('name')!r}> has no label")
        for asset in self.assets:
            parts = urlsplit(asset)
            if parts.scheme or parts.netloc or asset.startswith("//"):
                out.append(f"external asset {asset!r}")
        for svg in self.svgs:
            if svg.get("role") != "img" or not svg.get("aria-labelledby"):
                out.append(f"<svg> without role=img and aria-labelledby: {svg}")
            elif svg["aria-labelledby"] not in self.ids:
                out.append(f"<svg> names a missing title {svg['aria-labelledby']!r}")
        out += [f"<img> without alt: {img}" for img in self.imgs if "alt" not in img]
        out += [f"inline style attribute on <{t}> (the CSP forbids it)" for t in self.styles]
        return out


def check(html: str) -> Page:
    page = Page()
    page.feed(html)
    page.close()
    return page
