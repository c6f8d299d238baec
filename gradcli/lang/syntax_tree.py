"""The parse tree's two classes, as Lark makes them: ``Tree`` (a rule's
name and its children) and ``Token`` (a string with its terminal's name and
its position), with Lark's attributes and equality, in a module cheap to
import."""
from __future__ import annotations


class Token(str):
    """A terminal's text with its type and its position (1-based line and
    column of the first character, ``end_line``/``end_column`` just past
    the last, ``start_pos``/``end_pos`` as offsets into the text)."""
    __slots__ = ("type", "start_pos", "value", "line", "column", "end_line", "end_column", "end_pos")

    def __new__(cls, type, value, start_pos=None, line=None, column=None, end_line=None, end_column=None,
                end_pos=None):
        inst = str.__new__(cls, value)
        inst.type = type
        inst.start_pos = start_pos
        inst.value = value
        inst.line = line
        inst.column = column
        inst.end_line = end_line
        inst.end_column = end_column
        inst.end_pos = end_pos
        return inst

    @classmethod
    def new_borrow_pos(cls, type_, value, borrow_t):
        """A token at ``borrow_t``'s position (the indenter's INDENT/DEDENT)."""
        return cls(type_, value, borrow_t.start_pos, borrow_t.line, borrow_t.column,
                   borrow_t.end_line, borrow_t.end_column, borrow_t.end_pos)

    def __reduce__(self):
        return (self.__class__, (self.type, self.value, self.start_pos, self.line, self.column,
                                 self.end_line, self.end_column, self.end_pos))

    def __repr__(self):
        return f"Token({self.type!r}, {self.value!r})"

    def __deepcopy__(self, memo):
        return Token(self.type, self.value, self.start_pos, self.line, self.column,
                     self.end_line, self.end_column, self.end_pos)

    def __eq__(self, other):
        if isinstance(other, Token) and self.type != other.type:
            return False
        return str.__eq__(self, other)

    __hash__ = str.__hash__


class Tree:
    """A rule's node: ``data`` (the rule's name or alias) and ``children``
    (trees, tokens, and None for an absent ``[optional]`` part)."""
    __slots__ = ("data", "children")

    def __init__(self, data, children):
        self.data = data
        self.children = children

    def __repr__(self):
        return f"Tree({self.data!r}, {self.children!r})"
