"""The framework items the register refers to by slug (types and qualities), for one content
version, as plain values. Content versions never change once loaded, so each is read once per
process (two queries) and kept."""

from __future__ import annotations

from dataclasses import dataclass

from toolkit.framework.models import ContentVersion, RelationshipType, StrategicQuality


@dataclass(frozen=True)
class Item:
    slug: str
    title: str
    summary: str
    prompt: str = ""


@dataclass(frozen=True)
class Vocabulary:
    version_id: int
    types: dict[str, Item]  # in framework order
    qualities: dict[str, Item]

    def type_title(self, slug: str) -> str:
        item = self.types.get(slug)
        return item.title if item else slug

    def ordered_types(self, slugs) -> list[str]:
        wanted = set(slugs)
        return [s for s in self.types if s in wanted] + sorted(wanted - set(self.types))

    def type_short(self, slug: str) -> str:
        """'Shaping' for 'Shaping relationships'."""
        return self.type_title(slug).removesuffix(" relationships")


_cache: dict[tuple[int, str], Vocabulary] = {}


def vocabulary_for(version: ContentVersion) -> Vocabulary:
    key = (version.pk, version.version)
    if key not in _cache:
        types = {
            t.slug: Item(t.slug, t.title, t.summary)
            for t in RelationshipType.objects.filter(version=version).order_by("position")
        }
        qualities = {
            q.slug: Item(q.slug, q.title, q.summary, q.prompt)
            for q in StrategicQuality.objects.filter(version=version).order_by("position")
        }
        _cache[key] = Vocabulary(version.pk, types, qualities)
    return _cache[key]
