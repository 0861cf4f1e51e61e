"""Things found in a text (entity hits, amounts, dates), indexed by where they start, so that
the fact rules ask "what lies between these two offsets" in logarithmic, not linear, time: an
article's cost then grows with its length, not with its length squared.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right, insort
from collections.abc import Iterator, Sequence
from typing import Generic, Protocol, TypeVar


class Positioned(Protocol):
    """Anything with a character span ``[start, end)``."""

    @property
    def start(self) -> int: ...

    @property
    def end(self) -> int: ...


T = TypeVar("T", bound=Positioned)


class ByStart(Sequence[T], Generic[T]):
    """Items sorted by start offset, with range look-ups by bisection."""

    def __init__(self, items: Sequence[T]) -> None:
        self.items = sorted(items, key=lambda item: item.start)
        self.starts = [item.start for item in self.items]
        self.reach = max((item.end - item.start for item in self.items), default=0)

    def __len__(self) -> int:
        return len(self.items)

    def __getitem__(self, index: int) -> T:  # type: ignore[override]
        return self.items[index]

    def __iter__(self) -> Iterator[T]:
        return iter(self.items)

    def within(self, start: int, end: int) -> list[T]:
        """The items that start in ``[start, end)``, in text order."""
        return self.items[bisect_left(self.starts, start) : bisect_left(self.starts, end)]

    def covering(self, offset: int) -> list[T]:
        """The items whose span contains ``offset``."""
        first = bisect_left(self.starts, offset - self.reach)
        last = bisect_right(self.starts, offset)
        return [item for item in self.items[first:last] if item.start <= offset < item.end]

    def overlapping(self, start: int, end: int) -> list[T]:
        """The items whose span meets ``[start, end)``."""
        first = bisect_left(self.starts, start - self.reach)
        last = bisect_left(self.starts, end)
        return [item for item in self.items[first:last] if item.end > start]


class Taken:
    """Spans already claimed (non-overlapping), to refuse a new one that overlaps any."""

    def __init__(self) -> None:
        self._spans: list[tuple[int, int]] = []

    def overlaps(self, start: int, end: int) -> bool:
        """Whether ``[start, end)`` meets a span already taken."""
        index = bisect_right(self._spans, (start, end))
        before = self._spans[index - 1] if index else None
        after = self._spans[index] if index < len(self._spans) else None
        if before is not None and before[1] > start:
            return True
        return after is not None and after[0] < end

    def take(self, start: int, end: int) -> bool:
        """Claim ``[start, end)`` unless it overlaps; whether it was claimed."""
        if self.overlaps(start, end):
            return False
        insort(self._spans, (start, end))
        return True
