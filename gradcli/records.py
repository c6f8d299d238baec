"""``Record``: a plain class's repr and equality from its ``FIELDS`` (what
a dataclass would give, without the dataclass machinery's start-up cost)."""


class Record:
    """Subclasses name their attributes in ``FIELDS`` and set them in ``__init__``."""
    FIELDS: tuple = ()

    def __repr__(self):
        return type(self).__name__ + "(" + ", ".join(f"{f}={getattr(self, f)!r}" for f in self.FIELDS) + ")"

    def __eq__(self, other):
        if other.__class__ is not self.__class__:
            return NotImplemented
        return all(getattr(self, f) == getattr(other, f) for f in self.FIELDS)

    __hash__ = None
