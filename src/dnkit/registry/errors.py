"""The three ways a registry search can fail, each with a message a person can act on."""

from __future__ import annotations

from dnkit.errors import InputError


class RegistryInputError(InputError):
    """A search field a person typed cannot be used; the message names the field."""


class RegistryError(Exception):
    """The registry answered, but refused the search or sent something we cannot use."""


class RegistryUnavailable(RegistryError):
    """The registry could not be reached, or kept failing (or sent no data) after every retry."""
