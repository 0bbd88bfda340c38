"""Rows of one identity seen earlier in a file, remembered in little memory: a file streamed
in batches keeps, for each identity it met, the row's location and a fingerprint of its
fields, not the row. A later row of the same identity is then the same row again (real
exports repeat rows) or a conflict, whose differing fields the fingerprints name."""

import dataclasses
import hashlib

from rectrack.imports.matching import FIELD_NAMES
from rectrack.imports.parsers.base import ParsedRecommendation

# The compared fields, as matching.differences compares them: all but where the row is and
# its format's own columns (compared key by key).
FIELDS = tuple(
    item.name
    for item in dataclasses.fields(ParsedRecommendation)
    if item.name not in ("location", "extra")
)
WIDTH = 6  # bytes of digest per field: a chance in 2**48 of missing a difference
_MASK = (1 << (8 * WIDTH)) - 1


def _digest(value: object) -> bytes:
    """A field's digest: Python's own string hash (SipHash, keyed afresh in every process, so
    no file can be made to collide), a third of blake2b's cost; an index lives in one
    process."""
    return (hash(repr(value)) & _MASK).to_bytes(WIDTH, "little")


def _identity_digest(identity: tuple) -> bytes:
    return hashlib.blake2b(repr(identity).encode("utf-8", "surrogatepass"), digest_size=16).digest()


def _canonical(identity: tuple) -> tuple:
    """The identity with its sets in order, so equal identities give equal digests."""
    return tuple(sorted(part) if isinstance(part, frozenset) else part for part in identity)


@dataclasses.dataclass(frozen=True, slots=True)  # one per identity met: kept small
class Seen:
    location: str
    fingerprint: bytes
    extra_keys: tuple[str, ...]


class RepeatIndex:
    """identity -> the first row of that identity (its location and fingerprint)."""

    def __init__(self) -> None:
        self._seen: dict[bytes, Seen] = {}
        self._keys: dict[tuple[str, ...], tuple[str, ...]] = {}  # one tuple per key set

    def __len__(self) -> int:
        return len(self._seen)

    @staticmethod
    def _key(identity: tuple) -> bytes:
        return _identity_digest(_canonical(identity))

    def get(self, identity: tuple) -> Seen | None:
        return self._seen.get(self._key(identity))

    def add(self, identity: tuple, row: ParsedRecommendation) -> None:
        keys = tuple(sorted(row.extra))
        keys = self._keys.setdefault(keys, keys)
        self._seen[self._key(identity)] = Seen(row.location, fingerprint(row, keys), keys)


def fingerprint(row: ParsedRecommendation, keys: tuple[str, ...]) -> bytes:
    parts = [_digest(getattr(row, name)) for name in FIELDS]
    parts += [_digest(row.extra.get(key)) for key in keys]
    return b"".join(parts)


def differences(row: ParsedRecommendation, first: Seen) -> list[str]:
    """The fields in which a row differs from the first row of its identity, named as
    matching.differences names them; none when it repeats that row exactly."""
    keys = tuple(sorted({*row.extra, *first.extra_keys}))
    mine = fingerprint(row, tuple(sorted(row.extra)))
    found = []
    for index, name in enumerate(FIELDS):
        chunk = slice(index * WIDTH, (index + 1) * WIDTH)
        if mine[chunk] != first.fingerprint[chunk]:
            found.append(str(FIELD_NAMES.get(name, name)))
    theirs = {
        key: first.fingerprint[(len(FIELDS) + i) * WIDTH : (len(FIELDS) + i + 1) * WIDTH]
        for i, key in enumerate(first.extra_keys)
    }
    for key in keys:
        value = row.extra.get(key)
        if (_digest(value) if value is not None else None) != theirs.get(key):
            found.append(str(FIELD_NAMES.get(key, key)))  # a format's own column
    return found
