"""Reference data the rules consult: documents, boilerplate phrases, work plans.

Plugins add items through the ``register_reference_data`` hook (the built-in registry is such
a plugin); the workspace may add its own.  Rules read them by kind::

    for doc in ctx.reference.items("document"): ...
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Iterable


@dataclass
class ReferenceData:
    _items: dict[str, list[Any]] = field(default_factory=dict)
    _origin: dict[str, list[str]] = field(default_factory=dict)

    def add(self, kind: str, item: Any, origin: str = "") -> None:
        self._items.setdefault(kind, []).append(item)
        self._origin.setdefault(kind, []).append(origin)

    def extend(self, kind: str, items: Iterable[Any], origin: str = "") -> None:
        for item in items:
            self.add(kind, item, origin)

    def items(self, kind: str) -> tuple[Any, ...]:
        return tuple(self._items.get(kind, ()))

    def with_origin(self, kind: str) -> list[tuple[Any, str]]:
        return list(zip(self._items.get(kind, ()), self._origin.get(kind, ())))

    def kinds(self) -> list[str]:
        return sorted(self._items)
