"""Files beside the content that a page links: which types are published, the SVG sanitizer, and the safe copy."""

from __future__ import annotations

import errno
import os
import re
import stat
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING

from lxml import etree

from hub.errors import BuildError
from hub.problems import Severity

if TYPE_CHECKING:
    from hub.plan import Asset

MAX_BYTES = 50 * 1024 * 1024
"""The largest file published beside a page (a long slide deck as PDF fits)."""
MAX_SVG_BYTES = 5 * 1024 * 1024


class FileKind(StrEnum):
    """A type of file that is safe to serve as it is (SVG only once sanitized)."""

    PNG = "PNG"
    JPEG = "JPEG"
    GIF = "GIF"
    WEBP = "WebP"
    AVIF = "AVIF"
    PDF = "PDF"
    SVG = "SVG"


EXTENSIONS = {".png": FileKind.PNG, ".jpg": FileKind.JPEG, ".jpeg": FileKind.JPEG, ".gif": FileKind.GIF,
              ".webp": FileKind.WEBP, ".avif": FileKind.AVIF, ".pdf": FileKind.PDF, ".svg": FileKind.SVG}
"""The only names published beside a page, each with the one kind of content it must hold."""

PAGE_NAMES = {"index.html", "index.htm", "index.xhtml", "index.shtml"}
"""Names a web server serves for a folder's address: a file so named beside a page would take the page's place."""

TYPES_HINT = ("hub publishes beside a page only images (PNG, JPEG, GIF, WebP, AVIF, SVG) and PDF files: anything "
              "else (a web page, a script, a style sheet…) would run on the intranet's site; put its text in the page")


@dataclass(frozen=True, slots=True)
class Finding:
    """Something wrong with one file: a refusal (error), or a part the SVG sanitizer removed (warning)."""

    message: str
    hint: str = ""
    severity: Severity = Severity.ERROR
    line: int | None = None
    """A line in the file itself (for SVG), when the finding is about one element."""


@dataclass(frozen=True, slots=True)
class Verdict:
    """What a file beside the content becomes: the bytes to publish, or None when it is refused."""

    data: bytes | None
    findings: tuple[Finding, ...] = ()


def sniff(data: bytes) -> FileKind | None:
    """The raster or PDF type that a file's first bytes announce, if any (SVG is recognised by parsing)."""
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return FileKind.PNG
    if data.startswith(b"\xff\xd8\xff"):
        return FileKind.JPEG
    if data.startswith((b"GIF87a", b"GIF89a")):
        return FileKind.GIF
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return FileKind.WEBP
    if data.startswith(b"%PDF-"):
        return FileKind.PDF
    if data[4:8] == b"ftyp":
        size = int.from_bytes(data[:4], "big")
        brands = [data[8:12]] + [data[i:i + 4] for i in range(16, min(size, len(data), 256) - 3, 4)]
        if b"avif" in brands or b"avis" in brands:
            return FileKind.AVIF
    return None


def inspect(name: str, data: bytes) -> Verdict:
    """Decide from the name and the bytes whether a file may be published, and what exactly is published."""
    kind = EXTENSIONS.get(os.path.splitext(name)[1].lower())
    if kind is None:
        return Verdict(None, (Finding(f"`{_excerpt(name)}` is not a file type hub publishes", TYPES_HINT),))
    if len(data) > (MAX_SVG_BYTES if kind is FileKind.SVG else MAX_BYTES):
        limit = (MAX_SVG_BYTES if kind is FileKind.SVG else MAX_BYTES) // (1024 * 1024)
        return Verdict(None, (Finding(f"`{_excerpt(name)}` is larger than {limit} MB, too large to publish",
                                      "make it smaller (a lower resolution, or a compressed export)"),))
    found = sniff(data)
    if kind is FileKind.SVG:
        if found is not None:
            return Verdict(None, (_mismatch(name, kind, found),))
        return sanitize_svg(name, data)
    if found is not kind:
        return Verdict(None, (_mismatch(name, kind, found),))
    return Verdict(data)


def _mismatch(name: str, kind: FileKind, found: FileKind | None) -> Finding:
    holds = f"holds {found}" if found else "does not hold one"
    return Finding(f"`{_excerpt(name)}` is named as {kind} but {holds}",
                   "export the file again in the format its name says, or rename it to match its content")


def _excerpt(text: str, limit: int = 80) -> str:
    return text if len(text) <= limit else text[:limit - 1] + "…"


def read_content_file(path: Path, content_dir: Path) -> bytes:
    """A regular file's bytes, only when it really lies under the content folder (no symlink leaves it).

    Raises OSError for a file that is missing, not regular, outside the folder, or too large.
    """
    real = os.path.realpath(path)
    root = os.path.realpath(content_dir)
    if os.path.commonpath([real, root]) != root:
        raise OSError(errno.EACCES, "outside the content folder", str(path))
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
    fd = os.open(real, flags)  # no symlink at the last step, and a FIFO cannot block the read
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise OSError(errno.EINVAL, "not a regular file", str(path))
        if info.st_size > MAX_BYTES:
            return b"\0" * (MAX_BYTES + 1)  # inspect() refuses it by size without reading it
        with os.fdopen(os.dup(fd), "rb") as handle:
            return handle.read(MAX_BYTES + 1)
    finally:
        os.close(fd)


def examine(path: Path, content_dir: Path) -> Verdict:
    """Read a file beside the content and inspect it; a file that cannot be read is refused, never raised."""
    try:
        data = read_content_file(path, content_dir)
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        return Verdict(None, (Finding(f"`{_excerpt(path.name)}` cannot be read ({reason})",
                                      "replace it by a plain file inside content/"),))
    return inspect(path.name, data)


def publish_assets(assets: Iterable[Asset], content_dir: Path, site: Path) -> None:
    """Copy each planned file into the staged site, inspected again; never over a file the build generated."""
    for asset in assets:
        verdict = examine(asset.source, content_dir)
        if verdict.data is None:
            raise BuildError(f"{asset.source}: {verdict.findings[0].message}")
        target = os.path.normpath(os.path.join(site, asset.url))
        if os.path.commonpath([target, os.path.normpath(site)]) != os.path.normpath(site):
            raise BuildError(f"{asset.source}: refusing to write outside the site: {asset.url}")
        if os.path.lexists(target):
            raise BuildError(f"{asset.source} would take the address {asset.url}, which the build already "
                             "generates (a page, a feed or a theme file); rename the file")
        os.makedirs(os.path.dirname(target), exist_ok=True)
        with open(target, "xb") as handle:
            handle.write(verdict.data)


# The SVG sanitizer: an allowlist of static-graphics elements and attributes; nothing that runs, links or loads.

SVG_NS = "http://www.w3.org/2000/svg"
XLINK_NS = "http://www.w3.org/1999/xlink"
XML_NS = "http://www.w3.org/XML/1998/namespace"
XHTML_NS = "http://www.w3.org/1999/xhtml"

_FILTER_PRIMITIVES = {
    "feBlend", "feColorMatrix", "feComponentTransfer", "feComposite", "feConvolveMatrix", "feDiffuseLighting",
    "feDisplacementMap", "feDistantLight", "feDropShadow", "feFlood", "feFuncA", "feFuncB", "feFuncG", "feFuncR",
    "feGaussianBlur", "feMerge", "feMergeNode", "feMorphology", "feOffset", "fePointLight", "feSpecularLighting",
    "feSpotLight", "feTile", "feTurbulence",
}
ELEMENTS = {
    "svg", "g", "defs", "title", "desc", "symbol", "use", "switch", "path", "rect", "circle", "ellipse", "line",
    "polyline", "polygon", "text", "tspan", "textPath", "linearGradient", "radialGradient", "stop", "pattern",
    "clipPath", "mask", "marker", "filter", "style", *_FILTER_PRIMITIVES,
}
"""SVG elements kept: shapes, text, paint servers, clipping, masks, markers, filters and styles.

Left out on purpose: script, foreignObject, image, feImage, animations (`set` can change an `href`), a, font,
iframe, video, audio, and anything unknown."""
_SILENT = {"metadata"}
"""SVG elements that editors add for themselves (Inkscape, Illustrator); removed without a warning."""
_UNWRAP = {"a"}
"""Elements removed but whose content is kept: a link around a shape keeps the shape."""
ATTRIBUTES = {
    "id", "class", "style", "transform", "x", "y", "x1", "y1", "x2", "y2", "cx", "cy", "r", "rx", "ry", "fx", "fy",
    "fr", "width", "height", "d", "points", "viewBox", "preserveAspectRatio", "version", "baseProfile", "role",
    "aria-label", "aria-labelledby", "aria-describedby", "aria-hidden", "lang", "focusable", "fill", "fill-opacity",
    "fill-rule", "stroke", "stroke-width", "stroke-linecap", "stroke-linejoin", "stroke-miterlimit",
    "stroke-dasharray", "stroke-dashoffset", "stroke-opacity", "opacity", "color", "display", "visibility",
    "overflow", "clip", "clip-path", "clip-rule", "mask", "filter", "font", "font-family", "font-size",
    "font-size-adjust", "font-weight", "font-style", "font-variant", "font-stretch", "text-anchor",
    "dominant-baseline", "alignment-baseline", "baseline-shift", "letter-spacing", "word-spacing",
    "text-decoration", "writing-mode", "direction", "unicode-bidi", "dx", "dy", "rotate", "textLength",
    "lengthAdjust", "startOffset", "method", "spacing", "side", "offset", "stop-color", "stop-opacity",
    "gradientUnits", "gradientTransform", "spreadMethod", "patternUnits", "patternContentUnits",
    "patternTransform", "clipPathUnits", "maskUnits", "maskContentUnits", "filterUnits", "primitiveUnits", "in",
    "in2", "result", "stdDeviation", "mode", "operator", "k1", "k2", "k3", "k4", "values", "type", "tableValues",
    "slope", "intercept", "amplitude", "exponent", "kernelMatrix", "order", "divisor", "bias", "targetX",
    "targetY", "edgeMode", "kernelUnitLength", "preserveAlpha", "surfaceScale", "diffuseConstant",
    "specularConstant", "specularExponent", "lighting-color", "flood-color", "flood-opacity", "scale",
    "xChannelSelector", "yChannelSelector", "radius", "baseFrequency", "numOctaves", "seed", "stitchTiles",
    "azimuth", "elevation", "z", "pointsAtX", "pointsAtY", "pointsAtZ", "limitingConeAngle", "markerWidth",
    "markerHeight", "markerUnits", "refX", "refY", "orient", "marker-start", "marker-mid", "marker-end",
    "color-interpolation", "color-interpolation-filters", "shape-rendering", "text-rendering", "image-rendering",
    "vector-effect", "paint-order", "pathLength", "systemLanguage", "mix-blend-mode", "isolation",
}
"""Attributes kept (without a namespace); `href` is kept separately, only as a link inside the file."""
_HREF_ELEMENTS = {"use", "linearGradient", "radialGradient", "pattern", "textPath"}
_FRAGMENT = re.compile(r"#[A-Za-z_][\w.:-]*")
_CSS_FUNCTION = re.compile(r"([a-z][a-z0-9-]*)\s*\(")
_CSS_FUNCTIONS = {
    "rgb", "rgba", "hsl", "hsla", "hwb", "lab", "lch", "oklab", "oklch", "color", "color-mix", "calc", "min", "max",
    "clamp", "var", "translate", "translatex", "translatey", "rotate", "scale", "scalex", "scaley", "skew", "skewx",
    "skewy", "matrix", "blur", "brightness", "contrast", "drop-shadow", "grayscale", "hue-rotate", "invert",
    "opacity", "saturate", "sepia", "linear-gradient", "radial-gradient", "not", "is", "where", "nth-child",
    "nth-of-type", "nth-last-child", "nth-last-of-type",
}
_CSS_NEVER = ("\\", "@", "<", "expression", "javascript", "behavior", "binding")
"""Escapes (which hide words), at-rules (`@import`, `@font-face`), markup, and old script hooks."""
_URL_FRAGMENT = re.compile(r"url\(\s*['\"]?\s*#")


def safe_css(text: str) -> bool:
    """Whether CSS (a `style` attribute, a `<style>` element or a paint value) loads and runs nothing.

    Its functions come from an allowlist, and `url()` may only point inside the file (`url(#gradient)`).
    """
    low = text.lower()
    if any(word in low for word in _CSS_NEVER):
        return False
    for match in _CSS_FUNCTION.finditer(low):
        name = match.group(1)
        if name == "url":
            if not _URL_FRAGMENT.match(low, match.start()):
                return False
        elif name not in _CSS_FUNCTIONS:
            return False
    return True


def _local(tag: str) -> tuple[str, str]:
    if tag.startswith("{"):
        ns, _, name = tag[1:].partition("}")
        return ns, name
    return "", tag


class _Sanitizer:
    """One pass over a parsed SVG tree, removing what is not allowed and noting what deserves a warning."""

    def __init__(self) -> None:
        self.findings: list[Finding] = []

    def note(self, what: str, line: int | None) -> None:
        self.findings.append(Finding(f"removed {what}; the SVG is published without it",
                                     "hub keeps only drawing and text in an SVG: nothing that runs, links or loads",
                                     Severity.WARNING, line))

    def element(self, element: etree._Element) -> None:
        for child in list(element):
            if not isinstance(child.tag, str):  # comments and processing instructions
                self.remove(child)
                continue
            ns, name = _local(child.tag)
            if ns == SVG_NS and name in _UNWRAP:
                self.note(f"a link <{name}> (its content is kept)", child.sourceline)
                self.element(child)
                self.unwrap(child)
                continue
            if ns != SVG_NS or name not in ELEMENTS:
                if ns in (SVG_NS, XHTML_NS, "") and name not in _SILENT:
                    self.note(f"<{name}>", child.sourceline)
                self.remove(child)
                continue
            self.attributes(child, name)
            if name == "style" and not safe_css(child.text or ""):
                self.note("a <style> that loads or runs something", child.sourceline)
                self.remove(child)
                continue
            self.element(child)

    def attributes(self, element: etree._Element, name: str) -> None:
        for key in list(element.attrib):
            value = element.attrib[key]
            ns, attribute = _local(key)
            if attribute == "href" and ns in ("", XLINK_NS):
                if name not in _HREF_ELEMENTS or not _FRAGMENT.fullmatch(value.strip()):
                    self.note(f"the link `{_excerpt(value, 60)}` of <{name}> (only #id inside the file is kept)",
                              element.sourceline)
                    del element.attrib[key]
                continue
            if ns == XML_NS and attribute in ("lang", "space"):
                continue
            if ns or attribute not in ATTRIBUTES:
                if attribute.lower().startswith("on"):
                    self.note(f"the event handler `{_excerpt(attribute, 40)}` of <{name}>", element.sourceline)
                del element.attrib[key]
                continue
            if ("(" in value or attribute == "style") and not safe_css(value):
                self.note(f"`{attribute}` of <{name}>, which loads or runs something", element.sourceline)
                del element.attrib[key]

    @staticmethod
    def remove(node: etree._Element) -> None:
        """Take a node out and keep the text that followed it (it belongs to the parent)."""
        parent = node.getparent()
        if parent is None:
            return
        tail = node.tail or ""
        previous = node.getprevious()
        if previous is not None:
            previous.tail = (previous.tail or "") + tail
        else:
            parent.text = (parent.text or "") + tail
        parent.remove(node)

    def unwrap(self, node: etree._Element) -> None:
        parent = node.getparent()
        if parent is None:
            return
        index = parent.index(node)
        text, children = node.text or "", list(node)
        previous = node.getprevious()
        if previous is not None:
            previous.tail = (previous.tail or "") + text
        else:
            parent.text = (parent.text or "") + text
        for offset, child in enumerate(children):
            parent.insert(index + offset, child)
        if children:
            children[-1].tail = (children[-1].tail or "") + (node.tail or "")
            parent.remove(node)
        else:
            self.remove(node)


def _refuse(name: str, reason: str) -> Verdict:
    return Verdict(None, (Finding(f"`{_excerpt(name)}` cannot be published: {reason}",
                                  "export it again as plain SVG (in Inkscape: Save as › Plain SVG), or as a PNG"),))


def sanitize_svg(name: str, data: bytes) -> Verdict:
    """An SVG rebuilt from an allowlist, or refused when it cannot be read safely (DOCTYPE, entities, not SVG)."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return _refuse(name, "it is not UTF-8 text")
    if "<!DOCTYPE" in text or "<!ENTITY" in text:
        return _refuse(name, "it has a DOCTYPE or entities, which can hide or pull in content")
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, dtd_validation=False,
                             remove_comments=True, remove_pis=True, huge_tree=False, strip_cdata=True)
    try:
        tree = etree.ElementTree(etree.fromstring(data, parser))
    except etree.XMLSyntaxError as exc:
        return _refuse(name, f"it is not well-formed XML ({_excerpt(exc.msg or '', 120)})")
    except ValueError as exc:
        return _refuse(name, f"it is not well-formed XML ({_excerpt(str(exc), 120)})")
    root = tree.getroot()
    encoding = (tree.docinfo.encoding or "utf-8").lower()
    if tree.docinfo.doctype or encoding not in ("utf-8", "us-ascii", "ascii"):
        return _refuse(name, "it declares a DOCTYPE or an encoding other than UTF-8")
    if root.tag != f"{{{SVG_NS}}}svg":
        return _refuse(name, "its root element is not <svg> in the SVG namespace")
    sanitizer = _Sanitizer()
    sanitizer.attributes(root, "svg")
    try:
        sanitizer.element(root)
    except RecursionError:
        return _refuse(name, "its elements are nested too deeply")
    etree.cleanup_namespaces(root)
    return Verdict(etree.tostring(root, encoding="UTF-8", xml_declaration=True) + b"\n", tuple(sanitizer.findings))
