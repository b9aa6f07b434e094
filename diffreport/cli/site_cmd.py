"""Commands of this area are registered here."""

from __future__ import annotations
