"""Elementwise math beyond arithmetic: one row per op, its function derived
from the row (``kind="unary"``/``"binary"``)."""
from __future__ import annotations
