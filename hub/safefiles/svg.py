"""The SVG sanitizer: an SVG rebuilt from an allowlist of static-graphics elements; nothing that runs, links or loads."""

from __future__ import annotations

import re

from lxml import etree

from hub.problems import Severity
from hub.safefiles.files import Finding, Verdict, excerpt

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
_CSS_FUNCTION = re.compile(r"(?<![a-z0-9-])[0-9-]*+([a-z][a-z0-9-]*+)\s*+\(")
"""A function call: the word before `(`, from its first letter (`1url(` calls `url`). The match starts only at the
start of a word and the word is read once, so a long word without `(` costs one pass, not one per letter."""
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
                    self.note(f"the link `{excerpt(value, 60)}` of <{name}> (only #id inside the file is kept)",
                              element.sourceline)
                    del element.attrib[key]
                continue
            if ns == XML_NS and attribute in ("lang", "space"):
                continue
            if ns or attribute not in ATTRIBUTES:
                if attribute.lower().startswith("on"):
                    self.note(f"the event handler `{excerpt(attribute, 40)}` of <{name}>", element.sourceline)
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
    return Verdict(None, (Finding(f"`{excerpt(name)}` cannot be published: {reason}",
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
        return _refuse(name, f"it is not well-formed XML ({excerpt(exc.msg or '', 120)})")
    except ValueError as exc:
        return _refuse(name, f"it is not well-formed XML ({excerpt(str(exc), 120)})")
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
