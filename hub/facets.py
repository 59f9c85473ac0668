"""The four facets (ways to browse and subscribe): one table, read by the config, plan, pages, feeds and checks.

It imports no configuration: the configuration reads this table to know which vocabularies to read, and gives a
facet's vocabulary (`SiteConfig.vocabulary`)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from hub.models import Idea


@dataclass(frozen=True, slots=True)
class Facet:
    """One facet: its key (config key under extra.hub, URL segment, feed key), how ideas state it, and its words."""

    key: str
    """`topics`: the vocabulary under `extra.hub.topics`, pages at `topics/<term>/`, feeds `feeds/topics/<term>.*`."""
    field: str
    """The front-matter field that holds an idea's values: a list, or one value for `lang`."""
    singular: str
    """The English noun, for messages to editors (`unknown topic`)."""
    single: bool = False
    """Whether an idea has exactly one value (its language) rather than a list."""

    @property
    def word_key(self) -> str:
        """Catalog key of the noun, with a plural: `facet.topics` (`topic` / `topics`)."""
        return f"facet.{self.key}"

    @property
    def title_key(self) -> str:
        """Catalog key of the capitalised noun, with a plural: `facet.topics.title` (`Topic` / `Topics`)."""
        return f"facet.{self.key}.title"

    def values(self, idea: Idea) -> tuple[str, ...]:
        """The idea's terms of this facet, in the order its front matter gives them."""
        value = getattr(idea, self.field)
        return (value,) if self.single else tuple(value)

    def url(self, term: str) -> str:
        """Site-relative URL of a term's page: `topics/open-source/`."""
        return f"{self.key}/{term}/"


FACETS: tuple[Facet, ...] = (
    Facet("topics", "topics", "topic"),
    Facet("audiences", "audiences", "audience"),
    Facet("languages", "lang", "language", single=True),
    Facet("channels", "channels", "channel"),
)
"""Every facet, in the order the site shows them; a fifth is one line here, one in the catalog, one in the config."""

BY_KEY = {f.key: f for f in FACETS}


def facet(key: str) -> Facet:
    """The facet of a key such as `topics`."""
    return BY_KEY[key]
